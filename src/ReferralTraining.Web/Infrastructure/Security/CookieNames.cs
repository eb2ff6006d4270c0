namespace ReferralTraining.Web.Infrastructure.Security;

/// <summary>
/// Cookie names and the Secure flag follow the public origin (<c>Credentials:PublicBaseUrl</c>). Served over HTTPS,
/// every cookie the app sets is <c>__Host-</c>-prefixed (ASVS 3.3.1): the browser then only accepts it when Secure,
/// for path "/" and without a Domain, so a sibling subdomain or a plain-HTTP response cannot plant or overwrite it.
/// On a plain-HTTP origin (run.sh, docker compose on localhost, the benchmark) browsers would refuse such cookies, so
/// the names stay plain and Secure follows the request.
/// </summary>
public static class CookieNames
{
    public const string HostPrefix = "__Host-";

    public static bool HostPrefixed(IConfiguration configuration) =>
        Uri.TryCreate(configuration["Credentials:PublicBaseUrl"]?.Trim(), UriKind.Absolute, out var origin) && origin.Scheme == Uri.UriSchemeHttps;

    /// <summary>Names the cookie and sets Secure and Path as the prefix requires.</summary>
    public static void Apply(CookieBuilder cookie, string name, IConfiguration configuration)
    {
        if (HostPrefixed(configuration))
        {
            cookie.Name = HostPrefix + name;
            cookie.SecurePolicy = CookieSecurePolicy.Always;
            cookie.Path = "/";
            cookie.Domain = null;
            return;
        }
        cookie.Name = name;
        cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
    }
}
