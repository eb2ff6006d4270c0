using System.Buffers.Text;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ReferralTraining.Tests.Shared;
using ReferralTraining.Web.Features.Certificates.Credentials;

namespace ReferralTraining.UnitTests.Features.Certificates;

/// <summary>
/// Our VC-JWTs checked by an independent implementation: panva/jose on Node (tests/node-verifier). test.sh runs
/// `npm ci` first; when node_modules is missing the fixture runs it. Fails where Node is absent: a check that cannot run must not pass.
/// </summary>
public sealed class NodeVerifierTests(NodeVerifierTests.NodeVerifier node) : IClassFixture<NodeVerifierTests.NodeVerifier>
{
    [NodeFact]
    public async Task Jose_AcceptsAGenuineCredential()
    {
        using var data = new CredentialTestData();
        var (exitCode, output) = await node.VerifyAsync(data.SignedCredential(), data.PublicKey.ToJwk());
        Assert.True(exitCode == 0, output);
        Assert.Contains("\"valid\":true", output);
    }

    [NodeFact]
    public async Task Jose_AcceptsTheSignedStatusList()
    {
        using var data = new CredentialTestData();
        var list = new BitstringStatusList();
        list.Set(3);
        var jwt = VcJwt.Sign(list.BuildStatusListCredential(data.Options.RevocationListUrl(1), data.Options.IssuerId, "revocation", DateTimeOffset.UtcNow), data.SigningKey);

        var (exitCode, output) = await node.VerifyAsync(jwt, data.PublicKey.ToJwk());
        Assert.True(exitCode == 0, output);
    }

    [NodeFact]
    public async Task Jose_RejectsATamperedPayload()
    {
        using var data = new CredentialTestData();
        var parts = data.SignedCredential().Split('.');
        var payload = JsonNode.Parse(Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[1])))!.AsObject();
        payload["credentialSubject"]!["creditsEarned"] = 40;
        var tampered = parts[0] + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload.ToJsonString())) + "." + parts[2];

        var (exitCode, output) = await node.VerifyAsync(tampered, data.PublicKey.ToJwk());
        Assert.True(exitCode == 1, output);
        Assert.Contains("\"valid\":false", output);
    }

    [NodeFact]
    public async Task Jose_RejectsAnotherKeysSignature()
    {
        using var data = new CredentialTestData();
        using var attacker = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var forged = VcJwt.Sign(data.Credential(), data.PublicKey.Kid, attacker);

        var (exitCode, output) = await node.VerifyAsync(forged, data.PublicKey.ToJwk());
        Assert.True(exitCode == 1, output);
    }

    [NodeFact]
    public async Task Jose_RejectsAWrongTyp()
    {
        using var data = new CredentialTestData();
        var header = new JsonObject { ["alg"] = "ES256", ["kid"] = data.PublicKey.Kid, ["typ"] = "vc+jwt" };
        var jwt = VcJwt.SignCompact(header, VcJwt.WithJwtClaims(data.Credential()), data.CurrentKey);

        var (exitCode, output) = await node.VerifyAsync(jwt, data.PublicKey.ToJwk());
        Assert.True(exitCode == 1, output);
    }

    [NodeFact]
    public async Task Jose_AgreesWithOurKeyThumbprint()
    {
        using var data = new CredentialTestData();
        var jwk = data.PublicKey.ToJwk();
        // verify.mjs compares the kid's last segment with jose's calculateJwkThumbprint; a wrong one must fail.
        jwk["kid"] = data.Options.KeyUrl(new string('A', 43));
        var header = new JsonObject { ["alg"] = "ES256", ["kid"] = (string)jwk["kid"]!, ["typ"] = "JWT" };
        var jwt = VcJwt.SignCompact(header, VcJwt.WithJwtClaims(data.Credential()), data.CurrentKey);

        var (exitCode, output) = await node.VerifyAsync(jwt, jwk);
        Assert.True(exitCode == 1, output);
        Assert.Contains("thumbprint", output);
    }

    /// <summary>Never skipped: without Node the independent check cannot pass, so the test fails (test.sh installs Node).</summary>
    public sealed class NodeFactAttribute : FactAttribute
    {
    }

    public sealed class NodeVerifier : IAsyncLifetime
    {
        private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

        private string Folder { get; } = Path.Combine(RepoPaths.Root, "tests", "node-verifier");

        public async Task InitializeAsync()
        {
            if (FindOnPath("node") is null || File.Exists(Path.Combine(Folder, "node_modules", "jose", "package.json")))
            {
                return;
            }
            var npm = FindOnPath("npm") ?? throw new InvalidOperationException("tests/node-verifier needs `npm ci`, and npm is not installed.");
            var (exitCode, output) = await RunAsync(npm, Folder, "ci", "--no-audit", "--no-fund");
            if (exitCode != 0)
            {
                throw new InvalidOperationException("npm ci in tests/node-verifier failed:\n" + output);
            }
        }

        public Task DisposeAsync() => Task.CompletedTask;

        public async Task<(int ExitCode, string Output)> VerifyAsync(string jwt, JsonObject jwk)
        {
            var folder = Directory.CreateTempSubdirectory("rt-jose-");
            try
            {
                var jwtPath = Path.Combine(folder.FullName, "credential.jwt");
                var jwkPath = Path.Combine(folder.FullName, "key.jwk.json");
                await File.WriteAllTextAsync(jwtPath, jwt);
                await File.WriteAllTextAsync(jwkPath, jwk.ToJsonString());
                return await RunAsync(FindOnPath("node")!, RepoPaths.Root, Path.Combine("tests", "node-verifier", "verify.mjs"), jwtPath, jwkPath);
            }
            finally
            {
                folder.Delete(recursive: true);
            }
        }

        internal static string? FindOnPath(string name) =>
            (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Select(dir => Path.Combine(dir, name))
                .FirstOrDefault(File.Exists);

        private static async Task<(int ExitCode, string Output)> RunAsync(string fileName, string workingDirectory, params string[] arguments)
        {
            var start = new ProcessStartInfo(fileName)
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(Timeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{Path.GetFileName(fileName)} {string.Join(' ', arguments)} did not finish within {Timeout}.");
            }
            return (process.ExitCode, (await stdout) + (await stderr));
        }
    }
}
