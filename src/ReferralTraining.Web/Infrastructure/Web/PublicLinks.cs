using Microsoft.Extensions.Options;
using ReferralTraining.Web.Features.Certificates.Credentials;

namespace ReferralTraining.Web.Infrastructure.Web;

/// <summary>
/// Every absolute URL the app writes (e-mails, PDFs, QR codes, credentials, API answers) starts with the configured public
/// origin, <c>Credentials:PublicBaseUrl</c>, and is built here. Never from the request's Host or scheme: a request sent with
/// <c>Host: evil.example</c> would otherwise mail a genuine reset token on the attacker's site (link poisoning).
/// </summary>
public sealed class PublicLinks(IOptions<CredentialsOptions> site)
{
    /// <summary>The public origin without a trailing slash, e.g. https://ce.example.org.</summary>
    public string Origin => site.Value.BaseUrl;

    /// <summary>An absolute URL on the public origin for a local path ("/verify/ABC").</summary>
    public string To(string localPath)
    {
        if (!localPath.StartsWith('/') || localPath.StartsWith("//", StringComparison.Ordinal) || localPath.Contains('\\', StringComparison.Ordinal))
        {
            throw new ArgumentException($"Links are built from local paths starting with one '/', not '{localPath}'.", nameof(localPath));
        }
        return Origin + localPath;
    }

    public string ConfirmEmail(Guid userId, string token) =>
        To($"/accounts/confirm-email?userId={userId}&code={Uri.EscapeDataString(token)}");

    public string ResetPassword(string email, string token) =>
        To($"/accounts/reset-password?email={Uri.EscapeDataString(email)}&code={Uri.EscapeDataString(token)}");

    public string SignIn() => To("/accounts/login");

    public string ForgotPassword() => To("/accounts/forgot-password");

    public string Invitation(string token) => To($"/invitations/accept?token={Uri.EscapeDataString(token)}");

    public string Organization(Guid organizationId) => To($"/organizations/{organizationId}");
}
