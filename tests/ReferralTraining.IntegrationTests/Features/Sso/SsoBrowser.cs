using System.Net;
using ReferralTraining.Tests.Shared;

namespace ReferralTraining.IntegrationTests.Features.Sso;

/// <summary>
/// A browser without JavaScript across two origins: the app (through the test server) and the test provider (over
/// loopback), each with its own cookies. Follows redirects hop by hop, filling the provider's sign-in form when shown.
/// </summary>
internal sealed class SsoBrowser(AppFactory app) : IDisposable
{
    private static readonly Uri AppOrigin = new("http://localhost/");

    public PageClient App { get; } = PageClient.For(app);
    public HttpClient Provider { get; } = new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer(), UseCookies = true });
    public List<Uri> Visited { get; } = [];

    /// <summary>Enters the address on the sign-in page (no password) and follows where it leads.</summary>
    public async Task<(HttpResponseMessage Response, Uri Url)> SignInAsync(string email, string account, bool mfa = false, string? acr = null,
        string returnUrl = "/accounts/profile", Func<Uri, Uri>? rewriteCallback = null)
    {
        var (response, page) = await App.SubmitAsync("/accounts/login?returnUrl=" + Uri.EscapeDataString(returnUrl), new Dictionary<string, string> { ["Input.Email"] = email });
        // The sign-in page moves on by itself (meta refresh) to the start page, which redirects to the provider.
        var refresh = page.QuerySelector("meta[http-equiv=refresh]")?.GetAttribute("content");
        if (response.StatusCode == HttpStatusCode.OK && refresh is not null)
        {
            var next = new Uri(AppOrigin, refresh[(refresh.IndexOf("url=", StringComparison.Ordinal) + 4)..]);
            Visited.Add(next);
            response = await App.Http.GetAsync(next.PathAndQuery);
            return await FollowAsync(response, next, account, mfa, acr, rewriteCallback);
        }
        return await FollowAsync(response, new Uri(AppOrigin, "/accounts/login"), account, mfa, acr, rewriteCallback);
    }

    public async Task<(HttpResponseMessage Response, Uri Url)> FollowAsync(HttpResponseMessage response, Uri url, string account, bool mfa = false, string? acr = null,
        Func<Uri, Uri>? rewriteCallback = null)
    {
        for (var hop = 0; hop < 30; hop++)
        {
            if (response.StatusCode is HttpStatusCode.OK && url.AbsolutePath.StartsWith("/interaction/", StringComparison.Ordinal) && url.Host != AppOrigin.Host)
            {
                // The provider's sign-in form.
                var form = new Dictionary<string, string> { ["login"] = account, ["acr"] = acr ?? "" };
                if (mfa)
                {
                    form["mfa"] = "1";
                }
                url = new Uri(url, url.AbsolutePath + "/login");
                response = await Provider.PostAsync(url, new FormUrlEncodedContent(form));
                continue;
            }
            if ((int)response.StatusCode is not (301 or 302 or 303 or 307 or 308))
            {
                return (response, url);
            }
            url = new Uri(url, response.Headers.Location!);
            if (url.AbsolutePath.StartsWith("/signin-oidc/", StringComparison.Ordinal) && rewriteCallback is not null)
            {
                url = rewriteCallback(url);
            }
            Visited.Add(url);
            response = url.Host == AppOrigin.Host ? await App.Http.GetAsync(url.PathAndQuery) : await Provider.GetAsync(url);
        }
        throw new InvalidOperationException("Too many redirects: " + string.Join(" → ", Visited));
    }

    public async Task<bool> SignedInAsync() => (await App.GetAsync("/accounts/profile")).Response.StatusCode == HttpStatusCode.OK;

    public void Dispose()
    {
        App.Dispose();
        Provider.Dispose();
    }
}
