using System.Net;
using AngleSharp;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ReferralTraining.Tests.Shared;

/// <summary>
/// Drives Razor Pages over HTTP like a browser without JavaScript: keeps cookies, reads forms with
/// AngleSharp and posts them back with their antiforgery token.
/// </summary>
public sealed class PageClient(HttpClient http, AppFactory? app = null) : IDisposable
{
    private static readonly IBrowsingContext Parser = BrowsingContext.New(Configuration.Default);

    public HttpClient Http { get; } = http;

    public static PageClient For(WebApplicationFactory<Program> factory) =>
        new(factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }), factory as AppFactory);

    public async Task<(HttpResponseMessage Response, IDocument Document)> GetAsync(string url)
    {
        var response = await Http.GetAsync(url);
        return (response, await ParseAsync(response));
    }

    /// <summary>Loads the page, fills the form (the first with a submit button, or the one matching formSelector) and submits it.</summary>
    public async Task<(HttpResponseMessage Response, IDocument Document)> SubmitAsync(string url, IDictionary<string, string> fields, string? formSelector = null)
    {
        var (getResponse, page) = await GetAsync(url);
        if (getResponse.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET {url} returned {(int)getResponse.StatusCode}");
        }
        var form = (formSelector is null
            ? page.QuerySelectorAll<IHtmlFormElement>("main form").LastOrDefault()
            : page.QuerySelector<IHtmlFormElement>(formSelector))
            ?? throw new InvalidOperationException($"No form on {url}");
        var values = form.Elements.OfType<IHtmlInputElement>()
            .Where(i => !string.IsNullOrEmpty(i.Name) && i.Type is "hidden")
            .ToDictionary(i => i.Name!, i => i.Value);
        foreach (var (key, value) in fields)
        {
            values[key] = value;
        }
        var action = string.IsNullOrEmpty(form.GetAttribute("action")) ? url : form.GetAttribute("action")!;
        return await PostAsync(action, values);
    }

    public async Task<(HttpResponseMessage Response, IDocument Document)> PostAsync(string url, IDictionary<string, string> values)
    {
        var response = await Http.PostAsync(url, new FormUrlEncodedContent(values));
        return (response, await ParseAsync(response));
    }

    /// <summary>
    /// A valid antiforgery token for this client (from the sign-out form every signed-in page carries, or the sign-in
    /// form), so that a test's POST reaches the handler's own checks instead of stopping at the antiforgery 400.
    /// </summary>
    public async Task<string> AntiforgeryTokenAsync()
    {
        var (_, page) = await GetAsync("/");
        var input = page.QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]");
        if (input is null)
        {
            (_, page) = await GetAsync("/accounts/login");
            input = page.QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]");
        }
        return input?.Value ?? throw new InvalidOperationException("No antiforgery token on / or /accounts/login");
    }

    public async Task SignInAsync(string email, string password = AppFactory.Password)
    {
        var (response, document) = await SubmitAsync("/accounts/login", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Sign-in as {email} failed: {document.QuerySelector(".error-summary")?.TextContent}");
        }
        var next = response.Headers.Location?.OriginalString ?? "";
        if (next.StartsWith("/accounts/two-factor", StringComparison.Ordinal))
        {
            // The second step, with the code the person's authenticator app would show.
            var factory = app ?? throw new InvalidOperationException("Two-step sign-in needs a PageClient made from an AppFactory.");
            var (codeResponse, codePage) = await SubmitAsync(next, new Dictionary<string, string> { ["Input.Code"] = await factory.NextTotpCodeAsync(email) });
            if (codeResponse.StatusCode != HttpStatusCode.Redirect)
            {
                throw new InvalidOperationException($"Second step for {email} failed: {codePage.QuerySelector(".error-summary")?.TextContent}");
            }
        }
    }

    /// <summary>Enrols the signed-in person in two-step sign-in through the set-up page, reading the key it shows.</summary>
    public async Task<(string Key, IReadOnlyList<string> RecoveryCodes)> EnrolTwoFactorAsync()
    {
        var (_, setup) = await GetAsync("/accounts/two-factor/setup");
        var key = setup.GetElementById("authenticator-key")?.GetAttribute("data-key") ?? throw new InvalidOperationException("No key on the set-up page");
        var (response, done) = await SubmitAsync("/accounts/two-factor/setup", new Dictionary<string, string>
        {
            ["Input.Code"] = TestTotp.Code(key, TestTotp.Step(app?.Clock.GetUtcNow() ?? DateTimeOffset.UtcNow)),
        }, "#two-factor-setup-form");
        var codes = done.QuerySelectorAll("#recovery-codes code").Select(c => c.TextContent.Trim()).ToList();
        if (response.StatusCode != HttpStatusCode.OK || codes.Count == 0)
        {
            throw new InvalidOperationException($"Enrollment failed: {(int)response.StatusCode} {response.Headers.Location} {done.QuerySelector(".error-summary")?.TextContent}");
        }
        return (key, codes);
    }

    /// <summary>The error shown next to a field (by its input id), or null.</summary>
    public static string? FieldError(IDocument document, string inputId) =>
        document.GetElementById($"{inputId}-error")?.TextContent.Replace("Error: ", "", StringComparison.Ordinal).Trim();

    private static async Task<IDocument> ParseAsync(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        return await Parser.OpenAsync(req => req.Content(html));
    }

    public void Dispose() => Http.Dispose();
}
