using System.Buffers.Text;
using System.Globalization;
using System.IO.Compression;
using System.Text.Json.Nodes;

namespace ReferralTraining.Web.Features.Certificates.Credentials;

/// <summary>
/// W3C Bitstring Status List v1.0 (credentials.md §1.7): one bit per credential, index 0 = the most significant
/// bit of byte 0, published as multibase base64url (prefix <c>u</c>, no padding) of the GZIP-compressed bits.
/// </summary>
public sealed class BitstringStatusList
{
    /// <summary>The spec's minimum (16 KB uncompressed), so a list reveals little about how many credentials exist.</summary>
    public const int MinimumEntries = 131_072;

    /// <summary>Decoding stops beyond this many bytes (128 Mi entries), whatever the compressed input claims.</summary>
    public const int MaximumBytes = 16 * 1024 * 1024;

    private readonly byte[] bits;

    public BitstringStatusList(int length = MinimumEntries)
    {
        if (length < MinimumEntries || length % 8 != 0 || length / 8 > MaximumBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length,
                $"A status list holds at least {MinimumEntries:N0} entries, in whole bytes.");
        }
        bits = new byte[length / 8];
    }

    private BitstringStatusList(byte[] bits) => this.bits = bits;

    public int Length => bits.Length * 8;

    public bool this[int index]
    {
        get
        {
            CheckIndex(index);
            return (bits[index >> 3] & (0x80 >> (index & 7))) != 0;
        }
        set
        {
            CheckIndex(index);
            if (value)
            {
                bits[index >> 3] |= (byte)(0x80 >> (index & 7));
            }
            else
            {
                bits[index >> 3] &= (byte)~(0x80 >> (index & 7));
            }
        }
    }

    public bool Get(int index) => this[index];

    public void Set(int index, bool value = true) => this[index] = value;

    /// <summary>A copy of the raw bitstring (for tests and diagnostics).</summary>
    public byte[] ToBytes() => (byte[])bits.Clone();

    /// <summary>The <c>encodedList</c> value: "u" + base64url(GZIP(bits)).</summary>
    public string Encode()
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(bits);
        }
        return "u" + Base64Url.EncodeToString(buffer.ToArray());
    }

    /// <summary>Reads an <c>encodedList</c>; throws <see cref="FormatException"/> for anything malformed or too short.</summary>
    public static BitstringStatusList Decode(string encodedList) =>
        TryDecode(encodedList, out var list, out var problem) ? list : throw new FormatException(problem);

    public static bool TryDecode(string? encodedList, out BitstringStatusList list, out string problem)
    {
        list = null!;
        problem = "";
        if (string.IsNullOrEmpty(encodedList) || encodedList[0] != 'u')
        {
            problem = "The encoded list must be multibase base64url, starting with 'u'.";
            return false;
        }
        var body = encodedList.AsSpan(1);
        foreach (var c in body)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_'))
            {
                problem = "The encoded list is not base64url without padding.";
                return false;
            }
        }
        if (body.Length % 4 == 1)
        {
            problem = "The encoded list has an impossible base64url length.";
            return false;
        }
        byte[] raw;
        try
        {
            using var gzip = new GZipStream(new MemoryStream(Base64Url.DecodeFromChars(body)), CompressionMode.Decompress);
            using var output = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = gzip.Read(chunk)) > 0)
            {
                if (output.Length + read > MaximumBytes)
                {
                    problem = $"The decoded list is larger than {MaximumBytes:N0} bytes.";
                    return false;
                }
                output.Write(chunk, 0, read);
            }
            raw = output.ToArray();
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or IOException)
        {
            problem = "The encoded list is not valid GZIP data.";
            return false;
        }
        if (raw.Length * 8 < MinimumEntries)
        {
            problem = $"The list has {raw.Length * 8:N0} entries; a Bitstring Status List has at least {MinimumEntries:N0}.";
            return false;
        }
        list = new BitstringStatusList(raw);
        return true;
    }

    /// <summary>
    /// The status list credential (unsigned; sign it with <see cref="VcJwt"/>). <paramref name="listUrl"/> is its id and
    /// the <c>statusListCredential</c> of every entry pointing into it.
    /// </summary>
    public JsonObject BuildStatusListCredential(string listUrl, string issuerId, string statusPurpose, DateTimeOffset validFrom, TimeSpan? ttl = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(listUrl);
        ArgumentException.ThrowIfNullOrWhiteSpace(issuerId);
        ArgumentException.ThrowIfNullOrWhiteSpace(statusPurpose);
        var subject = new JsonObject
        {
            ["id"] = listUrl + "#list",
            ["type"] = "BitstringStatusList",
            ["statusPurpose"] = statusPurpose,
            ["encodedList"] = Encode(),
        };
        if (ttl is { } cacheFor)
        {
            subject["ttl"] = (long)cacheFor.TotalMilliseconds;
        }
        var utc = validFrom.ToUniversalTime();
        return new JsonObject
        {
            ["@context"] = new JsonArray(OpenBadgeBuilder.VcContext),
            ["id"] = listUrl,
            ["type"] = new JsonArray("VerifiableCredential", "BitstringStatusListCredential"),
            ["issuer"] = issuerId,
            ["validFrom"] = new DateTimeOffset(utc.Ticks - utc.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero)
                .ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["credentialSubject"] = subject,
        };
    }

    /// <summary>
    /// A status lookup that trusts only the given signed list credentials (VC-JWTs keyed by URL): each is verified with
    /// the issuer's keys, must be a BitstringStatusListCredential for the entry's purpose, and is then read bit by bit.
    /// </summary>
    public static CredentialStatusLookup LookupFromSignedLists(
        IReadOnlyDictionary<string, string> listJwtsByUrl, IReadOnlyCollection<IssuerPublicKey> keys, DateTimeOffset now)
    {
        return async (entry, ct) =>
        {
            if (!listJwtsByUrl.TryGetValue(entry.StatusListCredential, out var listJwt))
            {
                return StatusLookupResult.Unknown($"{entry.StatusListCredential} is not a status list this issuer publishes");
            }
            var verification = await VcJwt.VerifyAsync(listJwt, keys, statusLookup: null, now, ct);
            if (!verification.Valid || verification.Credential is not { } list)
            {
                return StatusLookupResult.Unknown("the status list credential does not verify");
            }
            if (VcJwt.Text(list["id"]) != entry.StatusListCredential ||
                list["type"] is not JsonArray types || !types.Any(t => VcJwt.Text(t) == "BitstringStatusListCredential") ||
                list["credentialSubject"] is not JsonObject subject || VcJwt.Text(subject["type"]) != "BitstringStatusList")
            {
                return StatusLookupResult.Unknown("the status list credential is not a BitstringStatusListCredential for this URL");
            }
            if (VcJwt.Text(subject["statusPurpose"]) != entry.Purpose)
            {
                return StatusLookupResult.Unknown($"the status list is not for {entry.Purpose}");
            }
            if (!TryDecode(VcJwt.Text(subject["encodedList"]), out var bits, out var problem))
            {
                return StatusLookupResult.Unknown(problem.TrimEnd('.'));
            }
            if (entry.Index >= bits.Length)
            {
                return StatusLookupResult.Unknown(string.Create(CultureInfo.InvariantCulture, $"index {entry.Index} is beyond the list's {bits.Length} entries"));
            }
            return bits[entry.Index] ? StatusLookupResult.Set : StatusLookupResult.Clear;
        };
    }

    private void CheckIndex(int index)
    {
        if ((uint)index >= (uint)Length)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The index must be between 0 and {Length - 1}.");
        }
    }
}
