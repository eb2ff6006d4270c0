using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using ReferralTraining.Web.Infrastructure.Security;

namespace ReferralTraining.Web.Features.Scorm;

/// <summary>
/// The launch's context rides in its own cookie, protected with Data Protection, beside the sign-in cookie. It only
/// counts while the same person is signed in (checked per request), so signing in as someone else ends it.
/// </summary>
public sealed class ScormSessionCookie(IDataProtectionProvider protection, IConfiguration configuration)
{
    public const string ItemKey = "rt.scorm.session";
    private const string Purpose = "ReferralTraining.Scorm.Session.v1";

    private IDataProtector Protector => protection.CreateProtector(Purpose);

    public string Name => CookieNames.HostPrefixed(configuration) ? CookieNames.HostPrefix + "rt.scorm" : "rt.scorm";

    public void Write(HttpResponse response, ScormSession session) =>
        response.Cookies.Append(Name, Protector.Protect(JsonSerializer.Serialize(session)), new CookieOptions
        {
            HttpOnly = true, Path = "/", SameSite = SameSiteMode.Lax, IsEssential = true,
            Secure = CookieNames.HostPrefixed(configuration) || response.HttpContext.Request.IsHttps,
        });

    public ScormSession? Read(HttpRequest request)
    {
        if (!request.Cookies.TryGetValue(Name, out var value) || string.IsNullOrEmpty(value) || value.Length > 4000)
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<ScormSession>(Protector.Unprotect(value));
        }
        catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or JsonException)
        {
            return null;
        }
    }

    /// <summary>The launch context of this request, when it belongs to the signed-in person (set by <see cref="ScormExtensions.UseScormSessions"/>).</summary>
    public static ScormSession? Current(HttpContext http) => http.Items.TryGetValue(ItemKey, out var value) ? value as ScormSession : null;
}
