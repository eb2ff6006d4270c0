using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReferralTraining.Web.Data;

namespace ReferralTraining.Web.Infrastructure.Observability;

/// <summary>
/// The app's own instruments (meter "ReferralTraining"), exported with ASP.NET Core, runtime and Npgsql metrics at
/// /metrics. Prometheus names: referraltraining_emails_sent_total, referraltraining_outbox_waiting, … (README).
/// </summary>
public sealed class AppMetrics
{
    public const string MeterName = "ReferralTraining";

    private readonly Counter<long> emailsSent;
    private readonly Counter<long> emailsFailed;
    private readonly Counter<long> jobsSucceeded;
    private readonly Counter<long> jobsFailed;
    private readonly Counter<long> quizSubmissions;
    private readonly Counter<long> certificatesIssued;
    private readonly Counter<long> signIns;
    private readonly Counter<long> lockouts;

    // Set by OutboxSampler; -1 until the first sample, so the gauges report nothing rather than a false zero.
    private long outboxWaiting = -1;
    private double outboxOldestSeconds = -1;

    public AppMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        emailsSent = meter.CreateCounter<long>("referraltraining.emails.sent", "{email}", "E-mails accepted by the SMTP server");
        emailsFailed = meter.CreateCounter<long>("referraltraining.emails.failed", "{email}", "E-mail send attempts that failed (retried by the job)");
        jobsSucceeded = meter.CreateCounter<long>("referraltraining.jobs.succeeded", "{job}", "Background jobs that finished, by job");
        jobsFailed = meter.CreateCounter<long>("referraltraining.jobs.failed", "{job}", "Background job runs that threw (retried or failed), by job");
        quizSubmissions = meter.CreateCounter<long>("referraltraining.quiz.submissions", "{submission}", "Graded quiz submissions, by result");
        certificatesIssued = meter.CreateCounter<long>("referraltraining.certificates.issued", "{certificate}", "Certificates issued");
        signIns = meter.CreateCounter<long>("referraltraining.signins", "{signin}", "Completed sign-ins (password, or the second step)");
        lockouts = meter.CreateCounter<long>("referraltraining.lockouts", "{lockout}", "Accounts locked out after failed attempts");
        meter.CreateObservableGauge("referraltraining.outbox.waiting", () => Sample(Interlocked.Read(ref outboxWaiting)), "{email}",
            "Recorded e-mails not yet sent");
        meter.CreateObservableGauge("referraltraining.outbox.oldest_age", () => Sample(Volatile.Read(ref outboxOldestSeconds)), "s",
            "Age of the oldest unsent e-mail (0 when none wait)");
    }

    public void EmailSent() => emailsSent.Add(1);

    public void EmailFailed() => emailsFailed.Add(1);

    public void JobFinished(string job, bool succeeded) =>
        (succeeded ? jobsSucceeded : jobsFailed).Add(1, new KeyValuePair<string, object?>("hangfire_job", job));

    public void QuizSubmitted(bool passed) => quizSubmissions.Add(1, new KeyValuePair<string, object?>("result", passed ? "passed" : "failed"));

    public void CertificateIssued() => certificatesIssued.Add(1);

    public void SignedIn() => signIns.Add(1);

    public void LockedOut() => lockouts.Add(1);

    internal void SetOutbox(long waiting, double oldestSeconds)
    {
        Interlocked.Exchange(ref outboxWaiting, waiting);
        Volatile.Write(ref outboxOldestSeconds, oldestSeconds);
    }

    private static IEnumerable<Measurement<T>> Sample<T>(T value) where T : struct, IComparable<T> =>
        value.CompareTo(default) < 0 ? [] : [new Measurement<T>(value)];
}
