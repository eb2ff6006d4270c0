namespace ReferralTraining.Web.Features.Scorm;

/// <summary>Parsing of the LMS origins a director lists: scheme, host and port only, as a browser writes event.origin.</summary>
public static class ScormOrigins
{
    public const int MaxLength = 200;
    public const int MaxPerOrganization = 20;

    /// <summary>The origin in the browser's form ("https://lms.example.org", default port left out), or null with the reason.</summary>
    public static string? Normalize(string? text, out string? problem)
    {
        problem = null;
        var value = text?.Trim().TrimEnd('/') ?? "";
        if (value.Length == 0 || value.Length > MaxLength || !Uri.TryCreate(value, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            problem = $"\"{Shorten(value)}\" is not an origin: write it like https://lms.example.org (https, the host, and a port only if it is not the default).";
            return null;
        }
        if (uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
        {
            problem = $"\"{Shorten(value)}\" has a path, query or user name: an origin is only the scheme, the host and the port.";
            return null;
        }
        // Plain HTTP only for this machine (development, tests): an LMS on the network is served over HTTPS.
        if (uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback)
        {
            problem = $"\"{Shorten(value)}\" uses http: an LMS origin must use https (http is accepted only for localhost).";
            return null;
        }
        return uri.IsDefaultPort ? $"{uri.Scheme}://{uri.IdnHost}" : $"{uri.Scheme}://{uri.IdnHost}:{uri.Port}";
    }

    private static string Shorten(string value) => value.Length > 60 ? value[..60] + "…" : value;
}
