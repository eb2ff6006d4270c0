using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using ReferralTraining.Web.Data;

namespace ReferralTraining.Web.Features.Certificates.Credentials;

/// <summary>
/// The current issuer key row (public JWK and the Data-Protected private key, never the plain key), kept for a
/// short time so issuing thousands of certificates does not read it once per signature. After a rotation on
/// another instance this one may sign with the previous key for up to <see cref="Lifetime"/>; that key stays
/// published (retired keys remain in the JWKS), so those credentials verify.
/// </summary>
public sealed class CurrentIssuerKeyCache
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    private volatile Entry? entry;

    private sealed record Entry(IssuerKey Row, DateTimeOffset FetchedAt);

    public IssuerKey? Get(DateTimeOffset now) => entry is { } e && now - e.FetchedAt < Lifetime && now >= e.FetchedAt ? e.Row : null;

    public void Set(IssuerKey row, DateTimeOffset now) => entry = new Entry(row, now);

    public void Clear() => entry = null;
}
