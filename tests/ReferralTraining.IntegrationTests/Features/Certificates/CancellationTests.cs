using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using ReferralTraining.IntegrationTests.Infrastructure;
using ReferralTraining.Tests.Shared;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Certificates;
using ReferralTraining.Web.Features.Courses;
using ReferralTraining.Web.Features.Quizzes;
using ReferralTraining.Web.Features.Courses.Content.Quizzes;

namespace ReferralTraining.IntegrationTests.Features.Certificates;

/// <summary>
/// ADR-026: a cancelled request or job stops its database work and leaves nothing half-written. The request's token is
/// what a page handler or endpoint passes on (RequestAborted); these tests hand the services a token that is already
/// cancelled, or one cancelled between two claims of a batch, and look at what reached the database.
/// </summary>
public sealed class CancellationTests(AppFixture fixture) : AppTest(fixture)
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Factory.PublishContentAsync();
    }

    private async Task<AppUser> ReaderAsync()
    {
        var user = await Factory.CreateUserAsync(Roles.Clinician);
        using var scope = Factory.Services.CreateScope();
        var courses = scope.ServiceProvider.GetRequiredService<CourseService>();
        await courses.EnrollAsync(user.Id, "sample-course", CancellationToken.None);
        await courses.RecordReadingAsync(user.Id, "sample-course", 1, CancellationToken.None);
        await courses.RecordReadingAsync(user.Id, "sample-course", 2, CancellationToken.None);
        return user;
    }

    private static List<SavedAnswer> CorrectAnswers(QuizAttempt attempt) => attempt.Questions.Select(q => new SavedAnswer(q.QuestionId,
        q.Type == QuestionType.Ordering ? q.CorrectOrder : q.Options.Where(o => o.Correct).Select(o => o.Id).ToList())).ToList();

    [Fact]
    public async Task AbortedQuizSubmit_Throws_AndTheAttemptStaysOpenWithNoResponses()
    {
        var user = await ReaderAsync();
        QuizAttempt attempt;
        using (var scope = Factory.Services.CreateScope())
        {
            attempt = (await scope.ServiceProvider.GetRequiredService<QuizService>().StartAsync(user.Id, "sample-course", CancellationToken.None)).Attempt!;
        }
        using var aborted = new CancellationTokenSource();
        await aborted.CancelAsync();

        using (var scope = Factory.Services.CreateScope())
        {
            var quizzes = scope.ServiceProvider.GetRequiredService<QuizService>();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => quizzes.SubmitAsync(user.Id, attempt.Id, CorrectAnswers(attempt), aborted.Token));
        }

        var stored = await QueryAsync(db => db.QuizAttempts.AsNoTracking().SingleAsync(a => a.Id == attempt.Id));
        Assert.Null(stored.SubmittedAt);
        Assert.Null(stored.ScorePercent);
        Assert.Equal(0, await QueryAsync(db => db.QuizResponses.CountAsync(r => r.AttemptId == attempt.Id)));

        // The same submit with a live token goes through: the cancelled one left nothing in its way.
        using (var scope = Factory.Services.CreateScope())
        {
            var (result, failure) = await scope.ServiceProvider.GetRequiredService<QuizService>().SubmitAsync(user.Id, attempt.Id, CorrectAnswers(attempt), CancellationToken.None);
            Assert.Null(failure);
            Assert.False(result!.AlreadySubmitted);
            Assert.True(result.Attempt.Passed);
        }
        Assert.Equal(attempt.Questions.Count, await QueryAsync(db => db.QuizResponses.CountAsync(r => r.AttemptId == attempt.Id)));
    }

    [Fact]
    public async Task AbortedEvaluationAndClaim_Throw_AndWriteNothing()
    {
        var user = await ReaderAsync();
        using (var scope = Factory.Services.CreateScope())
        {
            var quizzes = scope.ServiceProvider.GetRequiredService<QuizService>();
            var (attempt, _) = await quizzes.StartAsync(user.Id, "sample-course", CancellationToken.None);
            await quizzes.SubmitAsync(user.Id, attempt!.Id, CorrectAnswers(attempt), CancellationToken.None);
        }
        using var aborted = new CancellationTokenSource();
        await aborted.CancelAsync();

        using (var scope = Factory.Services.CreateScope())
        {
            var credits = scope.ServiceProvider.GetRequiredService<CreditService>();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                credits.SubmitEvaluationAsync(user.Id, "sample-course", new EvaluationInput(4, true, 4, null, TestCommitments.Sample, TestEvaluations.Sample, IntentToChange.Yes), aborted.Token));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                credits.ClaimAsync(user.Id, "sample-course", "naadac", 0.25m, true, aborted.Token));
        }
        Assert.Equal(0, await QueryAsync(db => db.CourseEvaluations.CountAsync()));
        Assert.Equal(0, await QueryAsync(db => db.CreditClaims.CountAsync()));
        Assert.Equal(0, await QueryAsync(db => db.OutboundEmails.CountAsync()));
    }

    [Fact]
    public async Task IssueBatchJob_CanceledBetweenClaims_LeavesEachClaimWhollyIssuedOrUntouched_AndARetryFinishes()
    {
        var claims = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            claims.Add(await ClaimWithoutJobAsync());
        }
        // The first claim alone creates the issuer key and the first status list, so that in the batch below the first
        // save of the job's context is the first certificate.
        await RunBatchAsync([claims[0]], CancellationToken.None);
        Assert.Equal(1, await QueryAsync(db => db.Certificates.CountAsync()));

        using var shutdown = new CancellationTokenSource();
        using (var scope = Factory.Services.CreateScope())
        {
            var job = scope.ServiceProvider.GetRequiredService<IssueClaimsBatchJob>();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            // The server begins shutting down as soon as the batch's first certificate is committed.
            using var cancelAfterFirstSave = SaveChangesWatch.OnCompleted(db, shutdown.Cancel);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => job.RunAsync([claims[1], claims[2], claims[3]], shutdown.Token));
        }

        // The claim issued before the cancellation is complete: award, certificate and its notice, handed to the job system.
        var issued = await QueryAsync(db => db.CreditAwards.AsNoTracking().SingleAsync(a => a.ClaimId == claims[1]));
        var certificate = await QueryAsync(db => db.Certificates.AsNoTracking().SingleAsync(c => c.AwardId == issued.Id));
        var notice = await QueryAsync(db => db.OutboundEmails.AsNoTracking().Where(e => e.Subject.StartsWith("Your certificate") && e.TextBody.Contains(certificate.VerificationCode)).SingleAsync());
        Assert.NotNull(notice.EnqueuedAt);
        // The claims after it were not started: no award, no certificate.
        Assert.Equal(0, await QueryAsync(db => db.CreditAwards.CountAsync(a => a.ClaimId == claims[2] || a.ClaimId == claims[3])));
        Assert.Equal(2, await QueryAsync(db => db.Certificates.CountAsync()));

        // Hangfire retries the job: it finishes the batch without issuing anything twice.
        await RunBatchAsync([claims[1], claims[2], claims[3]], CancellationToken.None);
        foreach (var claim in claims)
        {
            Assert.Equal(1, await QueryAsync(db => db.CreditAwards.CountAsync(a => a.ClaimId == claim)));
            Assert.Equal(1, await QueryAsync(db => db.Certificates.CountAsync(c => db.CreditAwards.Any(a => a.Id == c.AwardId && a.ClaimId == claim))));
        }
        Assert.Equal(4, await QueryAsync(db => db.OutboundEmails.CountAsync(e => e.Subject.StartsWith("Your certificate"))));
    }

    private async Task RunBatchAsync(Guid[] claimIds, CancellationToken ct)
    {
        using var scope = Factory.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<IssueClaimsBatchJob>().RunAsync(claimIds, ct);
    }

    /// <summary>A recorded claim with no issuing job enqueued (as after an import), dated ahead so the claim sweep leaves it alone.</summary>
    private async Task<Guid> ClaimWithoutJobAsync()
    {
        var user = await Factory.CreateUserAsync(Roles.Clinician);
        using var scope = Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var enrollment = await scope.ServiceProvider.GetRequiredService<CourseService>().EnrollAsync(user.Id, "sample-course", CancellationToken.None);
        var version = await db.CourseVersions.AsNoTracking().SingleAsync();
        var claim = new CreditClaim
        {
            Id = Guid.NewGuid(), EnrollmentId = enrollment!.Value, UserId = user.Id, CourseVersionId = version.Id, CreditTypeId = "naadac",
            Amount = 0.25m, AttestedAt = Factory.Clock.GetUtcNow().AddDays(1),
        };
        db.CreditClaims.Add(claim);
        await db.SaveChangesAsync();
        return claim.Id;
    }

    /// <summary>Calls back once, when one given DbContext instance has completed a SaveChanges (EF Core's diagnostic events).</summary>
    private sealed class SaveChangesWatch : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly DbContext context;
        private readonly Action callback;
        private readonly List<IDisposable> subscriptions = [];
        private int fired;

        private SaveChangesWatch(DbContext context, Action callback) => (this.context, this.callback) = (context, callback);

        public static SaveChangesWatch OnCompleted(DbContext context, Action callback)
        {
            var watch = new SaveChangesWatch(context, callback);
            lock (watch.subscriptions)
            {
                watch.subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(watch));
            }
            return watch;
        }

        public void OnNext(DiagnosticListener listener)
        {
            if (listener.Name == DbLoggerCategory.Name)
            {
                lock (subscriptions)
                {
                    subscriptions.Add(listener.Subscribe(this));
                }
            }
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Key == CoreEventId.SaveChangesCompleted.Name && value.Value is DbContextEventData data && ReferenceEquals(data.Context, context)
                && Interlocked.Exchange(ref fired, 1) == 0)
            {
                callback();
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void Dispose()
        {
            lock (subscriptions)
            {
                subscriptions.ForEach(s => s.Dispose());
            }
        }
    }
}
