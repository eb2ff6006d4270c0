using System.Diagnostics;
using System.Net.Http.Json;

namespace ReferralTraining.Tests.Shared;

/// <summary>
/// A real OpenID provider (panva/oidc-provider, tests/oidc-provider/server.mjs) in its own Node process on a loopback
/// port, for the single sign-on tests (issue 23). Needs `npm ci --prefix tests/oidc-provider` (test.sh runs it).
/// Stopped when disposed.
/// </summary>
public sealed class OidcTestProvider : IAsyncDisposable
{
    private readonly Process process;
    private readonly HttpClient admin;

    public string Issuer { get; }

    private OidcTestProvider(Process process, int port)
    {
        this.process = process;
        Issuer = $"http://127.0.0.1:{port}";
        admin = new HttpClient { BaseAddress = new Uri(Issuer) };
    }

    public static string Folder => Path.Combine(RepoPaths.Root, "tests", "oidc-provider");

    public static async Task<OidcTestProvider> StartAsync()
    {
        if (!Directory.Exists(Path.Combine(Folder, "node_modules", "oidc-provider")))
        {
            throw new InvalidOperationException($"The test OpenID provider is not installed: run `npm ci --prefix tests/oidc-provider` (test.sh does).");
        }
        var info = new ProcessStartInfo("node", "server.mjs")
        {
            WorkingDirectory = Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["PORT"] = "0";
        info.Environment["HOST"] = "127.0.0.1";
        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start node.");
        var ready = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var errors = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.StartsWith("listening ", StringComparison.Ordinal) == true)
            {
                ready.TrySetResult(int.Parse(e.Data["listening ".Length..], System.Globalization.CultureInfo.InvariantCulture));
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (errors)
            {
                errors.AppendLine(e.Data);
            }
        };
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException("The test OpenID provider exited: " + errors));
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        // Generous: start-up is a Node process loading its modules and making a key on a busy machine (not a timed assertion).
        var port = await ready.Task.WaitAsync(TimeSpan.FromMinutes(2));
        return new OidcTestProvider(process, port);
    }

    public async Task AddClientAsync(string clientId, string clientSecret, string redirectUri) =>
        (await admin.PostAsJsonAsync("/test/clients", new { client_id = clientId, client_secret = clientSecret, redirect_uris = new[] { redirectUri } })).EnsureSuccessStatusCode();

    public async Task AddAccountAsync(string sub, string email, bool emailVerified, string givenName = "Test", string familyName = "Person") =>
        (await admin.PostAsJsonAsync("/test/accounts", new { sub, email, email_verified = emailVerified, given_name = givenName, family_name = familyName })).EnsureSuccessStatusCode();

    /// <summary>A new signing key: it signs from now on; the old one stays published.</summary>
    public async Task RotateKeysAsync() => (await admin.PostAsync("/test/rotate", null)).EnsureSuccessStatusCode();

    /// <summary>Changes the next ID token the token endpoint returns (claims replaced, already expired), re-signed with the provider's key or one it never published.</summary>
    public async Task TamperNextIdTokenAsync(object? claims = null, bool expired = false, bool unknownKey = false) =>
        (await admin.PostAsJsonAsync("/test/next-id-token", new { claims, expired, unknownKey })).EnsureSuccessStatusCode();

    public async ValueTask DisposeAsync()
    {
        admin.Dispose();
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }
}
