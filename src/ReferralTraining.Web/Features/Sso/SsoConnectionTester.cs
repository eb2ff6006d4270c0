using System.Text.Json;
using Microsoft.Extensions.Options;

namespace ReferralTraining.Web.Features.Sso;

/// <summary>
/// "Test connection" on the single sign-on pages: fetches the issuer's discovery document and its JWKS, with a short
/// timeout, and says what is wrong in words the identity team can act on. Only issuers the form would accept are
/// fetched (https, or loopback http when allowed), redirects are not followed, and nothing of the answer is shown but
/// the issuer it names and a count of keys, so the button is no window onto other hosts.
/// </summary>
public sealed class SsoConnectionTester(IHttpClientFactory httpClients, IOptions<SsoOptions> options)
{
    public const string HttpClientName = "sso-connection-test";
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);
    private const int MaxDocumentBytes = 512 * 1024;

    public async Task<SsoConnectionTest> TestAsync(string? issuerText, CancellationToken ct)
    {
        var issuer = issuerText?.Trim() ?? "";
        if (issuer.Length is 0 or > SsoDirectory.MaxIssuer || !SsoDirectory.IssuerAllowed(issuer, options.Value.AllowHttpLoopbackIssuers, out _))
        {
            return new(SsoConnectionTestOutcome.InvalidIssuer, "Enter the provider's issuer as an https:// address without ? or # first, e.g. https://login.example-hospital.org.");
        }
        var discovery = issuer.TrimEnd('/') + "/.well-known/openid-configuration";
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(Timeout);
        var http = httpClients.CreateClient(HttpClientName);
        try
        {
            using var document = await FetchJsonAsync(http, discovery, limit.Token);
            if (document is null)
            {
                return new(SsoConnectionTestOutcome.NotADiscoveryDocument, $"{discovery} did not return an OpenID Connect discovery document. Check the issuer address.");
            }
            var root = document.RootElement;
            var named = root.TryGetProperty("issuer", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString()! : "";
            if (!string.Equals(named, issuer, StringComparison.Ordinal))
            {
                var shown = named.Length > SsoDirectory.MaxIssuer ? named[..SsoDirectory.MaxIssuer] : named;
                return new(SsoConnectionTestOutcome.IssuerMismatch,
                    $"Issuer mismatch: the provider calls itself \"{shown}\", not \"{issuer}\". Enter its issuer exactly as it publishes it (including any trailing slash).");
            }
            var jwksUri = root.TryGetProperty("jwks_uri", out var j) && j.ValueKind == JsonValueKind.String ? j.GetString()! : "";
            if (!SsoDirectory.IssuerAllowed(jwksUri, options.Value.AllowHttpLoopbackIssuers, out _))
            {
                return new(SsoConnectionTestOutcome.NoKeys, "No keys: the discovery document names no https jwks_uri, so sign-in tokens could not be checked.");
            }
            using var jwks = await FetchJsonAsync(http, jwksUri, limit.Token);
            var keys = jwks is not null && jwks.RootElement.TryGetProperty("keys", out var k) && k.ValueKind == JsonValueKind.Array
                ? k.EnumerateArray().Count(key => !(key.TryGetProperty("use", out var use) && use.ValueKind == JsonValueKind.String && use.GetString() == "enc"))
                : 0;
            if (keys == 0)
            {
                return new(SsoConnectionTestOutcome.NoKeys, "No keys: the provider publishes no signing keys at its jwks_uri, so sign-in tokens could not be checked.");
            }
            return new(SsoConnectionTestOutcome.Reachable, $"Reachable: the issuer matches and the provider publishes {keys} signing key{(keys == 1 ? "" : "s")}.");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new(SsoConnectionTestOutcome.TimedOut, $"Timed out: {issuer} did not answer within {Timeout.TotalSeconds:0} seconds.");
        }
        catch (HttpRequestException)
        {
            return new(SsoConnectionTestOutcome.Unreachable, $"Not reachable: could not connect to {issuer}. Check the address, and that this server may reach the provider.");
        }
    }

    /// <summary>The JSON at the address, or null when the answer is not a success, too large, or not a JSON object.</summary>
    private static async Task<JsonDocument?> FetchJsonAsync(HttpClient http, string address, CancellationToken ct)
    {
        using var response = await http.GetAsync(address, HttpCompletionOption.ResponseHeadersRead, ct);
        if (!response.IsSuccessStatusCode || response.Content.Headers.ContentLength > MaxDocumentBytes)
        {
            return null;
        }
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxDocumentBytes)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        try
        {
            var document = JsonDocument.Parse(buffer.ToArray());
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document;
            }
            document.Dispose();
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
