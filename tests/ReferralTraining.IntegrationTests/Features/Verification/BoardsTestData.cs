using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReferralTraining.Tests.Shared;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Certificates;
using ReferralTraining.Web.Features.Courses;

namespace ReferralTraining.IntegrationTests.Features.Verification;

/// <summary>Clinicians with licenses and certificates, made through the app's own services (no shared seed data).</summary>
internal static class BoardsTestData
{
    public static async Task<AppUser> ClinicianAsync(AppFactory factory, Profession profession, string given, string family, params (string Authority, string Number)[] licenses)
    {
        var created = await factory.CreateUserAsync(Roles.Clinician, withProfile: false);
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var user = await db.Users.Include(u => u.Licenses).SingleAsync(u => u.Id == created.Id);
        (user.Profession, user.GivenName, user.FamilyName, user.TimeZoneId) = (profession, given, family, "UTC");
        foreach (var (authority, number) in licenses)
        {
            db.Licenses.Add(new License { Id = Guid.NewGuid(), UserId = user.Id, IssuingAuthority = authority, Number = number });
        }
        await db.SaveChangesAsync();
        return user;
    }

    /// <summary>A certificate for the sample course in the given credit type, completed at the given time.</summary>
    public static async Task<Certificate> CertificateAsync(AppFactory factory, Guid userId, string creditType, DateTimeOffset completedAt, CertificateStatus status = CertificateStatus.Active,
        CreditKind kind = CreditKind.Course)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var enrollment = (await scope.ServiceProvider.GetRequiredService<CourseService>().EnrollAsync(userId, "sample-course", CancellationToken.None))!.Value;
        var version = await db.CourseVersions.SingleAsync();
        var claim = new CreditClaim { Id = Guid.NewGuid(), EnrollmentId = enrollment, UserId = userId, CourseVersionId = version.Id, CreditTypeId = creditType, Amount = 0.25m, AttestedAt = completedAt, Kind = kind };
        db.CreditClaims.Add(claim);
        await db.SaveChangesAsync();
        var id = (await scope.ServiceProvider.GetRequiredService<CertificateIssuer>().IssueAsync(claim.Id, null, CancellationToken.None))!.Value;
        var certificate = await db.Certificates.SingleAsync(c => c.Id == id);
        certificate.Document = certificate.Document with { ActivityEnd = completedAt };
        await db.SaveChangesAsync();
        if (status != CertificateStatus.Active)
        {
            var problem = await scope.ServiceProvider.GetRequiredService<CertificateStatusService>().ChangeAsync(id, status, $"Test {status}", Guid.NewGuid(), CancellationToken.None);
            Assert.Null(problem);
        }
        return await db.Certificates.AsNoTracking().SingleAsync(c => c.Id == id);
    }
}
