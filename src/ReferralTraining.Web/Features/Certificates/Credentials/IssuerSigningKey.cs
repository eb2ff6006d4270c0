using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace ReferralTraining.Web.Features.Certificates.Credentials;

/// <summary>The current private key, loaded for one signing operation. Dispose it promptly.</summary>
public sealed class IssuerSigningKey(string kid, ECDsa key) : IDisposable
{
    public string Kid { get; } = kid;

    public ECDsa Key { get; } = key;

    public void Dispose() => Key.Dispose();
}
