using System.ComponentModel.DataAnnotations;

namespace ReferralTraining.Web.Features.Certificates.Credentials;

/// <summary>
/// Who issues the Open Badges credentials and where the public documents live. Every URL in a credential
/// (issuer id, key ids, status list) is derived from <see cref="PublicBaseUrl"/>, so it must be the address
/// verifiers reach from outside; changing it later breaks the key URLs in credentials already issued.
/// </summary>
public sealed class CredentialsOptions : IValidatableObject
{
    public const string Section = "Credentials";

    /// <summary>Absolute http(s) URL without query or fragment, e.g. https://referraltraining.example. Use https outside development.</summary>
    [Required(ErrorMessage = "Credentials:PublicBaseUrl is required (the absolute public URL of the site, e.g. https://referraltraining.example).")]
    public string PublicBaseUrl { get; set; } = "";

    [Required(ErrorMessage = "Credentials:IssuerName is required (the organization name shown as the credential issuer).")]
    [StringLength(200, ErrorMessage = "Credentials:IssuerName must be at most 200 characters.")]
    public string IssuerName { get; set; } = "";

    /// <summary>The issuer's home page; defaults to <see cref="PublicBaseUrl"/>.</summary>
    public string? IssuerUrl { get; set; }

    [EmailAddress(ErrorMessage = "Credentials:IssuerEmail is not an e-mail address.")]
    public string? IssuerEmail { get; set; }

    /// <summary><see cref="PublicBaseUrl"/> without a trailing slash.</summary>
    public string BaseUrl => PublicBaseUrl.Trim().TrimEnd('/');

    /// <summary>The issuer Profile id, also the JWT <c>iss</c>.</summary>
    public string IssuerId => $"{BaseUrl}/issuers/main";

    public string IssuerHomeUrl => string.IsNullOrWhiteSpace(IssuerUrl) ? BaseUrl : IssuerUrl.Trim();

    /// <summary>The status purposes this issuer publishes lists for (W3C Bitstring Status List): one list of each per slot list (ADR-007).</summary>
    public static readonly string[] StatusPurposes = ["revocation", "suspension"];

    /// <summary>The status lists credentials point into: list 1, then 2, … as each fills (ADR-007), one per purpose.</summary>
    public string StatusListUrl(string purpose, int list) => $"{BaseUrl}/status/{purpose}/{list.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    public string RevocationListUrl(int list) => StatusListUrl("revocation", list);

    public string SuspensionListUrl(int list) => StatusListUrl("suspension", list);

    /// <summary>The list number in one of our revocation list URLs, or null for any other URL.</summary>
    public int? RevocationListNumber(string url) => StatusListNumber(url, "revocation");

    /// <summary>The list number in one of our status list URLs for <paramref name="purpose"/>, or null for any other URL.</summary>
    public int? StatusListNumber(string url, string purpose)
    {
        if (!StatusPurposes.Contains(purpose))
        {
            return null;
        }
        var prefix = $"{BaseUrl}/status/{purpose}/";
        return url.StartsWith(prefix, StringComparison.Ordinal)
            && int.TryParse(url.AsSpan(prefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var list)
            && list >= 1 && StatusListUrl(purpose, list) == url ? list : null;
    }

    public string JwksUrl => $"{BaseUrl}/.well-known/jwks.json";

    /// <summary>The absolute <c>kid</c> of a key: a URL that returns that one public JWK.</summary>
    public string KeyUrl(string thumbprint) => $"{IssuerId}/keys/{thumbprint}";

    public string AchievementUrl(string courseId, string version) =>
        $"{BaseUrl}/courses/{Uri.EscapeDataString(courseId)}/versions/{Uri.EscapeDataString(version)}";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(PublicBaseUrl) && ProblemWithUrl(PublicBaseUrl) is { } baseProblem)
        {
            yield return new ValidationResult($"Credentials:PublicBaseUrl '{PublicBaseUrl}' {baseProblem}", [nameof(PublicBaseUrl)]);
        }
        if (!string.IsNullOrWhiteSpace(IssuerUrl) && ProblemWithUrl(IssuerUrl) is { } urlProblem)
        {
            yield return new ValidationResult($"Credentials:IssuerUrl '{IssuerUrl}' {urlProblem}", [nameof(IssuerUrl)]);
        }
    }

    private static string? ProblemWithUrl(string value)
    {
        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri))
        {
            return "is not an absolute URL.";
        }
        if (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
        {
            return "must use https (or http in development).";
        }
        if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            return "must not carry a query, a fragment or user information.";
        }
        return null;
    }
}
