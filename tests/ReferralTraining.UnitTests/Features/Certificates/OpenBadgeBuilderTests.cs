using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using ReferralTraining.Tests.Shared;
using ReferralTraining.Web.Features.Certificates;
using ReferralTraining.Web.Features.Certificates.Credentials;

namespace ReferralTraining.UnitTests.Features.Certificates;

public sealed class OpenBadgeBuilderTests
{
    private static readonly string SchemaPath = Path.Combine(RepoPaths.Root, "tests", "fixtures", "schemas", "ob_v3p0_achievementcredential_schema.json");

    private static EvaluationResults Evaluate(JsonObject credential)
    {
        // A registry of its own per call: the schema's $id must not collide with another test's copy.
        var schema = JsonSchema.FromText(File.ReadAllText(SchemaPath), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        using var instance = JsonDocument.Parse(credential.ToJsonString());
        return schema.Evaluate(instance.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
    }

    private static string Errors(EvaluationResults results) => string.Join("\n",
        (results.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} {e.Key}: {e.Value}")));

    /// <summary>
    /// The credential with each of its status entries alone, as OB 3.0's schema expects one object (ADR-015): everything else,
    /// including the structured credit and the license identifiers, is checked against the 1EdTech schema as issued.
    /// </summary>
    private static IEnumerable<JsonObject> WithOneStatusEntryEach(JsonObject credential) =>
        credential["credentialStatus"]!.AsArray().Select(entry =>
        {
            var copy = (JsonObject)credential.DeepClone();
            copy["credentialStatus"] = entry!.DeepClone();
            return copy;
        });

    [Fact]
    public void Credential_ValidatesAgainstThe1EdTechSchema_ExceptThatItListsTwoStatusEntries()
    {
        using var data = new CredentialTestData();
        var credential = data.Credential();
        foreach (var single in WithOneStatusEntryEach(credential))
        {
            var results = Evaluate(single);
            Assert.True(results.IsValid, Errors(results));
        }
        // As issued, the schema objects to the list of two entries (each alone passes, above).
        var issued = Evaluate(credential);
        Assert.False(issued.IsValid);
        Assert.Contains(issued.Details ?? [], d => d.InstanceLocation.ToString() == "/credentialStatus" && d.Errors is { Count: > 0 } errors && errors.ContainsKey("type"));
    }

    [Fact]
    public void Credential_ValidatesAgainstTheSchema_WhenTheHolderHasNoLicense()
    {
        using var data = new CredentialTestData();
        var credential = data.Credential(CredentialTestData.Document(licenses: []));
        foreach (var single in WithOneStatusEntryEach(credential))
        {
            var results = Evaluate(single);
            Assert.True(results.IsValid, Errors(results));
        }
        Assert.False(credential["credentialSubject"]!.AsObject().ContainsKey("licenseNumber"));
        Assert.Single(credential["credentialSubject"]!["identifier"]!.AsArray());
    }

    [Fact]
    public void Credit_IsMachineReadable_TypeAmountAndAccreditor()
    {
        using var data = new CredentialTestData();
        var doc = CredentialTestData.Document() with { Accreditor = "American Nurses Credentialing Center (ANCC)", AccreditorUrl = "https://www.nursingworld.org/ancc/" };
        var subject = data.Credential(doc)["credentialSubject"]!.AsObject();
        var result = Assert.Single(subject["result"]!.AsArray())!.AsObject();
        Assert.Equal(["Result"], result["type"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal("1.25", (string?)result["value"]);
        var description = Assert.Single(subject["achievement"]!["resultDescription"]!.AsArray())!.AsObject();
        Assert.Equal((string?)result["resultDescription"], (string?)description["id"]);
        Assert.StartsWith("https://ce.example.org/courses/families/versions/1.1.0#credit-", (string?)description["id"]);
        Assert.Equal(OpenBadgeBuilder.CreditResultType, (string?)description["resultType"]);
        Assert.Equal("1.25", (string?)description["valueMax"]);
        var alignment = Assert.Single(description["alignment"]!.AsArray())!.AsObject();
        Assert.Equal(doc.CreditTypeId, (string?)alignment["targetCode"]);
        Assert.Equal("American Nurses Credentialing Center (ANCC)", (string?)alignment["targetFramework"]);
        Assert.Equal("https://www.nursingworld.org/ancc/", (string?)alignment["targetUrl"]);
        Assert.Contains("contact hours", (string?)alignment["targetDescription"]);
        foreach (var single in WithOneStatusEntryEach(data.Credential(doc)))
        {
            var results = Evaluate(single);
            Assert.True(results.IsValid, Errors(results));
        }

        // Without a configured accreditor the amount and type are still there, with no alignment to nowhere.
        var plain = data.Credential()["credentialSubject"]!["achievement"]!["resultDescription"]![0]!.AsObject();
        Assert.False(plain.ContainsKey("alignment"));
    }

    [Fact]
    public void Schema_RejectsACredentialWithoutAnAchievement_SoTheSchemaCheckIsReal()
    {
        using var data = new CredentialTestData();
        var credential = data.Credential();
        credential["credentialSubject"]!.AsObject().Remove("achievement");
        Assert.False(Evaluate(credential).IsValid);

        var noValidFrom = data.Credential();
        noValidFrom.Remove("validFrom");
        Assert.False(Evaluate(noValidFrom).IsValid);
    }

    [Fact]
    public void Credential_HasTheOpenBadgesShape()
    {
        using var data = new CredentialTestData();
        var c = data.Credential();

        Assert.Equal(["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
            c["@context"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal("urn:uuid:2f0f8a4e-7c1e-4a57-9a4c-1b7d0c9f3e11", (string?)c["id"]);
        Assert.Equal(["VerifiableCredential", "OpenBadgeCredential"], c["type"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal("2026-03-14T18:05:00Z", (string?)c["validFrom"]);
        Assert.Equal("2026-03-14T18:05:00Z", (string?)c["awardedDate"]);
        Assert.StartsWith("Helping families", (string?)c["name"]);
        Assert.Contains("1.25 contact hours", (string?)c["name"]);

        var issuer = c["issuer"]!.AsObject();
        Assert.Equal("https://ce.example.org/issuers/main", (string?)issuer["id"]);
        Assert.Equal(["Profile"], issuer["type"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal("Example CE Institute", (string?)issuer["name"]);
        Assert.Equal("https://ce.example.org", (string?)issuer["url"]);
        Assert.Equal("ce@example.org", (string?)issuer["email"]);

        var schema = Assert.Single(c["credentialSchema"]!.AsArray())!.AsObject();
        Assert.Equal("1EdTechJsonSchemaValidator2019", (string?)schema["type"]);
    }

    [Fact]
    public void Subject_CarriesDatesCreditsLicenseAndTheAchievement()
    {
        using var data = new CredentialTestData();
        var subject = data.Credential()["credentialSubject"]!.AsObject();

        Assert.Equal(["AchievementSubject"], subject["type"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal("2026-03-14T16:50:00Z", (string?)subject["activityStartDate"]);
        Assert.Equal("2026-03-14T18:04:58Z", (string?)subject["activityEndDate"]);
        Assert.Equal(JsonValueKind.Number, subject["creditsEarned"]!.GetValueKind());
        Assert.Equal("1.25", subject["creditsEarned"]!.ToJsonString());
        // The holder's own license is an identifier of the holder; OB's licenseNumber means a license issued with the credential.
        Assert.False(subject.ContainsKey("licenseNumber"));
        var license = subject["identifier"]!.AsArray().Select(i => i!.AsObject()).First(i => (string?)i["identityType"] == OpenBadgeBuilder.LicenseIdentityType);
        Assert.Equal("CA-BRN:RN 123456", (string?)license["identityHash"]);
        Assert.False(license["hashed"]!.GetValue<bool>());

        var achievement = subject["achievement"]!.AsObject();
        Assert.Equal("https://ce.example.org/courses/families/versions/1.1.0", (string?)achievement["id"]);
        Assert.Equal(["Achievement"], achievement["type"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal("CertificateOfCompletion", (string?)achievement["achievementType"]);
        Assert.Equal("Helping families: Al-Anon, Nar-Anon, Adult Children of Alcoholics and CRAFT", (string?)achievement["name"]);
        Assert.Contains("Enduring material", (string?)achievement["description"]);
        Assert.Contains("9f2c1a0e5b7d4c3f8a6e2d1b0c9f8e7d6c5b4a39281706f5e4d3c2b1a0f9e8d7", (string?)achievement["description"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)achievement["criteria"]!["narrative"]));
        Assert.Equal(1.25, achievement["creditsAvailable"]!.GetValue<double>());
        Assert.Equal("families v1.1.0", (string?)achievement["humanCode"]);
    }

    [Fact]
    public void Identifier_IsTheSaltedHashOfTheNormalisedEmail()
    {
        using var data = new CredentialTestData();
        var credential = data.Credential();
        var identifier = credential["credentialSubject"]!["identifier"]!.AsArray().Select(i => i!.AsObject()).Single(i => (string?)i["identityType"] == "emailAddress");

        Assert.Equal("IdentityObject", (string?)identifier["type"]);
        Assert.Equal("emailAddress", (string?)identifier["identityType"]);
        Assert.True(identifier["hashed"]!.GetValue<bool>());
        var salt = (string)identifier["salt"]!;
        Assert.Equal(32, salt.Length);
        Assert.Equal(OpenBadgeBuilder.IdentityHash("ana.garcia@example.com", salt), (string?)identifier["identityHash"]);
        Assert.Matches("^sha256\\$[0-9a-f]{64}$", (string)identifier["identityHash"]!);
        Assert.DoesNotContain("garcia@", credential.ToJsonString(), StringComparison.OrdinalIgnoreCase);

        Assert.True(OpenBadgeBuilder.HasRecipientEmail(credential, "ANA.GARCIA@example.com"));
        Assert.False(OpenBadgeBuilder.HasRecipientEmail(credential, "someone.else@example.com"));
    }

    [Fact]
    public void IdentityHash_MatchesTheOpenBadgesSpecExample() =>
        // ob_v3p0: "sha256$b5809d8a…ef399" is SHA-256 of "a@example.com" + salt "Kosher".
        Assert.Equal("sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399", OpenBadgeBuilder.IdentityHash("a@example.com", "Kosher"));

    [Fact]
    public void SubjectId_IsStablePerCertificate_AndNeitherTheCredentialIdNorPersonalData()
    {
        using var data = new CredentialTestData();
        var first = data.Credential();
        var again = data.Credential();
        var other = data.Credential(CredentialTestData.Document(id: Guid.NewGuid()));

        var subjectId = (string)first["credentialSubject"]!["id"]!;
        Assert.Matches("^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", subjectId);
        Assert.Equal(subjectId, (string?)again["credentialSubject"]!["id"]);
        Assert.NotEqual(subjectId, (string?)other["credentialSubject"]!["id"]);
        Assert.NotEqual((string?)first["id"], subjectId);
        Assert.Equal(first.ToJsonString(), again.ToJsonString());
    }

    [Fact]
    public void CredentialStatus_PointsIntoTheRevocationAndSuspensionLists_AtTheSameSlot()
    {
        using var data = new CredentialTestData();
        var entries = data.Credential()["credentialStatus"]!.AsArray().Select(e => e!.AsObject()).ToList();
        Assert.Equal(2, entries.Count);
        foreach (var (status, purpose) in entries.Zip(new[] { "revocation", "suspension" }))
        {
            Assert.Equal($"https://ce.example.org/status/{purpose}/1#94567", (string?)status["id"]);
            Assert.Equal("BitstringStatusListEntry", (string?)status["type"]);
            Assert.Equal(purpose, (string?)status["statusPurpose"]);
            Assert.Equal(JsonValueKind.String, status["statusListIndex"]!.GetValueKind());
            Assert.Equal("94567", (string?)status["statusListIndex"]);
            Assert.Equal($"https://ce.example.org/status/{purpose}/1", (string?)status["statusListCredential"]);
        }
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(131_072)]
    public void Build_Refuses_WhenTheStatusIndexIsOutsideTheList(int index)
    {
        using var data = new CredentialTestData();
        Assert.Throws<ArgumentOutOfRangeException>(() => data.Credential(CredentialTestData.Document(statusIndex: index)));
    }

    [Fact]
    public void LicenseText_IsAuthorityAndNumber_OrNothingWithoutANumber()
    {
        Assert.Null(OpenBadgeBuilder.LicenseText(new LicenseLine("CA-BRN", " ")));
        Assert.Equal("NV-SBN:RN-998877", OpenBadgeBuilder.LicenseText(new LicenseLine(" NV-SBN ", "RN-998877 ")));
        Assert.Equal("12345", OpenBadgeBuilder.LicenseText(new LicenseLine("", "12345")));
    }
}
