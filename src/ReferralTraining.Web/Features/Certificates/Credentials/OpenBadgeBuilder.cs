using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace ReferralTraining.Web.Features.Certificates.Credentials;

/// <summary>
/// Renders a <see cref="CertificateDocument"/> as an Open Badges 3.0 <c>OpenBadgeCredential</c> on the VC Data
/// Model 2.0 (credentials.md §1.2–1.4), unsigned. The output depends only on the document and the options, so
/// building the same certificate twice gives the same JSON.
/// </summary>
public static class OpenBadgeBuilder
{
    public const string VcContext = "https://www.w3.org/ns/credentials/v2";
    public const string OpenBadgesContext = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";
    public const string SchemaUrl = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json";

    /// <summary>Namespace for the name-based credentialSubject ids (a random UUID fixed for this purpose).</summary>
    private static readonly Guid SubjectNamespace = new("5f0c2f1e-3b6a-4e0e-9d57-2a8c4b1f7e93");

    public static JsonObject Build(CertificateDocument doc, CredentialsOptions options)
    {
        ArgumentNullException.ThrowIfNull(doc);
        ArgumentNullException.ThrowIfNull(options);
        if (doc.StatusList < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(doc), doc.StatusList, "StatusList is numbered from 1.");
        }
        if (doc.StatusListIndex is < 0 or >= BitstringStatusList.MinimumEntries)
        {
            throw new ArgumentOutOfRangeException(nameof(doc), doc.StatusListIndex,
                $"StatusListIndex must be within the revocation list (0 to {BitstringStatusList.MinimumEntries - 1}).");
        }

        var issued = DateTimeZ(doc.IssuedAt);
        var salt = IdentitySalt(doc.CertificateId);
        var subject = new JsonObject
        {
            ["id"] = SubjectId(doc.CertificateId),
            ["type"] = new JsonArray("AchievementSubject"),
            ["identifier"] = Identifiers(doc, salt),
            // In the certificate's zone with its offset (ADR-018), so the date a reader takes from it is the printed one.
            ["activityStartDate"] = doc.TimeZoneId is null ? DateTimeZ(doc.ActivityStart) : CertificateDates.Of(doc.ActivityStart, CertificateDates.Zone(doc)).IsoDateTime,
            ["activityEndDate"] = doc.TimeZoneId is null ? DateTimeZ(doc.ActivityEnd) : CertificateDates.Completed(doc).IsoDateTime,
            ["creditsEarned"] = Number(doc.Credits),
        };
        var practice = doc.Kind == CreditKind.PracticeImprovement;
        // The practice-change follow-up is its own achievement, distinct from completing the course.
        var achievementId = options.AchievementUrl(doc.CourseId, doc.CourseVersion) + (practice ? "#practice-change" : "");
        var creditId = $"{options.AchievementUrl(doc.CourseId, doc.CourseVersion)}#credit-{Uri.EscapeDataString(doc.CreditTypeId)}{(practice ? "-practice-change" : "")}";
        // The credit as data (ADR-015): which credit, how much, and from which accreditor, in OB's own Result terms.
        subject["result"] = new JsonArray(new JsonObject
        {
            ["type"] = new JsonArray("Result"),
            ["resultDescription"] = creditId,
            ["value"] = FormatCredits(doc.Credits),
        });
        subject["achievement"] = new JsonObject
        {
            ["id"] = achievementId,
            ["type"] = new JsonArray("Achievement"),
            ["achievementType"] = practice ? "ext:PerformanceImprovement" : "CertificateOfCompletion",
            ["name"] = doc.CourseTitle,
            ["description"] = $"{doc.ActivityFormat}. Course {doc.CourseId}, version {doc.CourseVersion}; content SHA-256 {doc.ContentHash}.",
            ["criteria"] = new JsonObject
            {
                ["narrative"] = practice ? PracticeCriteria : CourseCriteria(doc.CourseVersion),
            },
            ["creditsAvailable"] = Number(doc.CreditsAvailable),
            ["humanCode"] = $"{doc.CourseId} v{doc.CourseVersion}",
            ["version"] = doc.CourseVersion,
            ["resultDescription"] = new JsonArray(CreditDescription(doc, creditId)),
        };

        var index = doc.StatusListIndex.ToString(CultureInfo.InvariantCulture);
        JsonObject Entry(string purpose)
        {
            var listUrl = options.StatusListUrl(purpose, doc.StatusList);
            return new JsonObject
            {
                ["id"] = $"{listUrl}#{index}",
                ["type"] = "BitstringStatusListEntry",
                ["statusPurpose"] = purpose,
                ["statusListIndex"] = index,
                ["statusListCredential"] = listUrl,
            };
        }
        return new JsonObject
        {
            ["@context"] = new JsonArray(VcContext, OpenBadgesContext),
            ["id"] = $"urn:uuid:{doc.CertificateId:D}",
            ["type"] = new JsonArray("VerifiableCredential", "OpenBadgeCredential"),
            ["issuer"] = IssuerProfile(options),
            ["validFrom"] = issued,
            ["awardedDate"] = issued,
            ["name"] = $"{doc.CourseTitle} — {FormatCredits(doc.Credits)} {doc.CreditUnit}",
            ["description"] = Description(doc),
            ["credentialSubject"] = subject,
            // Revocation (permanent) and suspension (reversible) at the same slot of sibling lists (ADR-007). VC-DM 2.0 allows a
            // list here; the OB 3.0 schema still says one object (ADR-015 records that trade-off).
            ["credentialStatus"] = new JsonArray(Entry("revocation"), Entry("suspension")),
            ["credentialSchema"] = new JsonArray(new JsonObject
            {
                ["id"] = SchemaUrl,
                ["type"] = "1EdTechJsonSchemaValidator2019",
            }),
        };
    }

    private const string PracticeCriteria =
        "Complete the course, commit to specific changes in referral practice, and report at the final follow-up " +
        "whether each change was implemented and what got in the way (commitment-to-change, Moore outcome level 5).";

    private static string CourseCriteria(string version) =>
        $"Complete every module of version {version} of the course and meet its completion requirements, " +
        "including the post-test and the evaluation where the course has them.";

    /// <summary>One credit type a course version offers, for <see cref="AchievementDocument"/>.</summary>
    public sealed record OfferedCredit(string TypeId, string Name, string Unit, decimal Hours, string? Accreditor, string? AccreditorUrl);

    /// <summary>
    /// The Achievement a course version's credentials name, served at its id (<see cref="CredentialsOptions.AchievementUrl"/>): the
    /// same name, criteria and description as in the credentials, with a ResultDescription for every credit type offered.
    /// </summary>
    public static JsonObject AchievementDocument(
        string courseId, string title, string version, string contentHash, string activityFormat, IReadOnlyList<OfferedCredit> credits, CredentialsOptions options)
    {
        var id = options.AchievementUrl(courseId, version);
        var achievement = new JsonObject
        {
            ["@context"] = new JsonArray(VcContext, OpenBadgesContext),
            ["id"] = id,
            ["type"] = new JsonArray("Achievement"),
            ["achievementType"] = "CertificateOfCompletion",
            ["name"] = title,
            ["description"] = $"{activityFormat}. Course {courseId}, version {version}; content SHA-256 {contentHash}.",
            ["criteria"] = new JsonObject { ["narrative"] = CourseCriteria(version) },
            ["creator"] = IssuerProfile(options),
            ["humanCode"] = $"{courseId} v{version}",
            ["version"] = version,
        };
        if (credits.Count > 0)
        {
            achievement["creditsAvailable"] = Number(credits.Max(c => c.Hours));
            achievement["resultDescription"] = new JsonArray(credits.Select(c => (JsonNode)CreditDescription(
                $"{id}#credit-{Uri.EscapeDataString(c.TypeId)}", c.TypeId, c.Name, c.Unit, c.Hours, c.Accreditor, c.AccreditorUrl)).ToArray());
        }
        return achievement;
    }

    /// <summary>The issuer Profile, embedded in every credential and served at its own id.</summary>
    public static JsonObject IssuerProfile(CredentialsOptions options)
    {
        var profile = new JsonObject
        {
            ["id"] = options.IssuerId,
            ["type"] = new JsonArray("Profile"),
            ["name"] = options.IssuerName,
            ["url"] = options.IssuerHomeUrl,
        };
        if (!string.IsNullOrWhiteSpace(options.IssuerEmail))
        {
            profile["email"] = options.IssuerEmail.Trim();
        }
        return profile;
    }

    /// <summary>
    /// OB IdentityHash: <c>sha256$</c> + hex SHA-256 of the identifier followed by the salt. The e-mail is trimmed and
    /// lower-cased first, so a verifier comparing a known address must do the same.
    /// </summary>
    public static string IdentityHash(string email, string salt) =>
        "sha256$" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(NormalizeEmail(email) + salt)));

    /// <summary>The optional recipient check (credentials.md §1.9 step 5): does this e-mail match the hashed identifier?</summary>
    public static bool HasRecipientEmail(JsonObject credential, string email)
    {
        if ((credential["credentialSubject"] as JsonObject)?["identifier"] is not JsonArray identifiers)
        {
            return false;
        }
        foreach (var identifier in identifiers.OfType<JsonObject>())
        {
            if (VcJwt.Text(identifier["identityType"]) == "emailAddress" &&
                VcJwt.Text(identifier["identityHash"]) is { } hash &&
                CryptographicOperations.FixedTimeEquals(
                    Encoding.ASCII.GetBytes(hash), Encoding.ASCII.GetBytes(IdentityHash(email, VcJwt.Text(identifier["salt"]) ?? ""))))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// A subject id for <c>sub</c>: a name-based UUID (RFC 9562 version 8, SHA-256) of the certificate id. It is stable
    /// for the certificate, differs from the credential id, carries no personal data and does not link one holder's
    /// credentials to each other; the holder is bound by the hashed e-mail identifier instead.
    /// </summary>
    public static string SubjectId(Guid certificateId) => $"urn:uuid:{NameBasedUuid(SubjectNamespace, "credential-subject:" + certificateId.ToString("D"))}";

    /// <summary>A per-credential salt, derived from the certificate id so rebuilding gives the same credential. It is published beside the hash anyway.</summary>
    public static string IdentitySalt(Guid certificateId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("ReferralTraining.IdentitySalt:" + certificateId.ToString("D"))))[..32];

    /// <summary>Identity type of the holder's own professional licenses (OB's licenseNumber means a license issued with the credential).</summary>
    public const string LicenseIdentityType = "ext:ProfessionalLicense";

    /// <summary>The credit result type: an amount of continuing-education credit, as a decimal string.</summary>
    public const string CreditResultType = "ext:ContinuingEducationCredit";

    /// <summary>
    /// The holder: the salted hash of the e-mail, then each license the holder already held, as AUTHORITY:NUMBER in the clear
    /// (as the PDF prints it), so a board can match a licensee; OB's licenseNumber is for a license issued with the credential.
    /// </summary>
    private static JsonArray Identifiers(CertificateDocument doc, string salt)
    {
        var identifiers = new JsonArray(new JsonObject
        {
            ["type"] = "IdentityObject",
            ["identityType"] = "emailAddress",
            ["hashed"] = true,
            ["identityHash"] = IdentityHash(doc.HolderEmail, salt),
            ["salt"] = salt,
        });
        foreach (var license in doc.Licenses.Select(LicenseText).OfType<string>())
        {
            identifiers.Add(new JsonObject
            {
                ["type"] = "IdentityObject",
                ["identityType"] = LicenseIdentityType,
                ["hashed"] = false,
                ["identityHash"] = license,
            });
        }
        return identifiers;
    }

    /// <summary>A license as AUTHORITY:NUMBER (or the number alone), or null when it has no number.</summary>
    public static string? LicenseText(LicenseLine license) =>
        string.IsNullOrWhiteSpace(license.Number) ? null
            : string.IsNullOrWhiteSpace(license.IssuingAuthority) ? license.Number.Trim() : $"{license.IssuingAuthority.Trim()}:{license.Number.Trim()}";

    /// <summary>
    /// The credit type as a ResultDescription: its unit as the name, the maximum offered, and (when the type has one) an
    /// alignment to the accreditor, whose framework name, URL and the credit type id a machine can read.
    /// </summary>
    private static JsonObject CreditDescription(CertificateDocument doc, string id) =>
        CreditDescription(id, doc.CreditTypeId, doc.CreditTypeName, doc.CreditUnit, doc.CreditsAvailable, doc.Accreditor, doc.AccreditorUrl);

    private static JsonObject CreditDescription(string id, string typeId, string typeName, string unit, decimal available, string? accreditor, string? accreditorUrl)
    {
        var description = new JsonObject
        {
            ["id"] = id,
            ["type"] = new JsonArray("ResultDescription"),
            ["name"] = $"{typeName} ({unit})",
            ["resultType"] = CreditResultType,
            ["valueMin"] = "0",
            ["valueMax"] = FormatCredits(available),
        };
        if (!string.IsNullOrWhiteSpace(accreditor) && !string.IsNullOrWhiteSpace(accreditorUrl))
        {
            description["alignment"] = new JsonArray(new JsonObject
            {
                ["type"] = new JsonArray("Alignment"),
                ["targetType"] = "ext:CreditType",
                ["targetCode"] = typeId,
                ["targetName"] = typeName,
                ["targetDescription"] = $"Credit measured in {unit}.",
                ["targetFramework"] = accreditor,
                ["targetUrl"] = accreditorUrl,
            });
        }
        return description;
    }

    private static string Description(CertificateDocument doc)
    {
        var text = $"{FormatCredits(doc.Credits)} {doc.CreditUnit} ({doc.CreditTypeName}) for completing {doc.CourseTitle}, version {doc.CourseVersion}, " +
                   $"provided by {doc.ProviderName}.";
        if (doc.TimeZoneId is not null)
        {
            // The zone id has no Open Badges property; the description names it with the date every other surface shows.
            var completed = CertificateDates.Completed(doc);
            text += $" Completed {completed.LongDate} ({completed.ZoneName}, {completed.ZoneId}).";
        }
        return string.IsNullOrWhiteSpace(doc.AccreditationStatement) ? text : text + " " + doc.AccreditationStatement.Trim();
    }

    private static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();

    /// <summary>DateTimeZ in UTC to the second: JWT NumericDates are whole seconds, so validFrom and nbf then agree exactly.</summary>
    private static string DateTimeZ(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - utc.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero)
            .ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    }

    /// <summary>Credits as a JSON number without trailing zeros (1.25, not 1.250).</summary>
    private static JsonNode Number(decimal value) => JsonValue.Create((double)value);

    private static string FormatCredits(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static Guid NameBasedUuid(Guid ns, string name)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var input = new byte[16 + nameBytes.Length];
        ns.TryWriteBytes(input, bigEndian: true, out _);
        nameBytes.CopyTo(input, 16);
        var hash = SHA256.HashData(input);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80); // version 8
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80); // RFC 9562 variant
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
