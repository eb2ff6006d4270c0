using System.IO.Compression;
using System.Xml.Linq;
using ReferralTraining.Web.Features.Scorm;

namespace ReferralTraining.UnitTests.Features.Scorm;

/// <summary>
/// The packages' imsmanifest.xml, element by element against the SCORM 1.2 and 2004 4th edition content packaging
/// rules (namespaces, schema locations, metadata, one organization with one item pointing at one SCO resource that
/// lists its files), and the zip's layout: the manifest at the root and every file it lists present.
/// </summary>
public sealed class ScormManifestTests
{
    private static readonly XNamespace Xsi = "http://www.w3.org/2001/XMLSchema-instance";

    private static PackageSpec Spec(ScormVersion version) => new(
        "intensive-referral", "Intensive referral & <follow-up>", version, "https://training.example.org", "Riverside Recovery Center",
        Guid.Parse("0f8c2a3e-4b5d-4c6e-8f90-123456789abc"), Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    private static (XDocument Manifest, ZipArchive Zip) Open(ScormVersion version)
    {
        var zip = new ZipArchive(new MemoryStream(ScormPackageBuilder.Build(Spec(version))), ZipArchiveMode.Read);
        var entry = zip.GetEntry("imsmanifest.xml");
        Assert.NotNull(entry);
        using var stream = entry.Open();
        return (XDocument.Load(stream), zip);
    }

    [Fact]
    public void Scorm12_Manifest_UsesTheImsCp112AndAdlcp12Schemas_WithOneScoAndItsFiles()
    {
        var (doc, zip) = Open(ScormVersion.Scorm12);
        XNamespace cp = "http://www.imsproject.org/xsd/imscp_rootv1p1p2", adlcp = "http://www.adlnet.org/xsd/adlcp_rootv1p2";
        var manifest = doc.Root!;
        Assert.Equal(cp + "manifest", manifest.Name);
        Assert.Equal("rt-intensive-referral-0f8c2a3e", (string?)manifest.Attribute("identifier"));
        Assert.Equal(adlcp.NamespaceName, manifest.GetNamespaceOfPrefix("adlcp")?.NamespaceName);
        var locations = ((string)manifest.Attribute(Xsi + "schemaLocation")!).Split(' ');
        Assert.Equal(
            ["http://www.imsproject.org/xsd/imscp_rootv1p1p2", "imscp_rootv1p1p2.xsd", "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1", "imsmd_rootv1p2p1.xsd",
             "http://www.adlnet.org/xsd/adlcp_rootv1p2", "adlcp_rootv1p2.xsd"], locations);
        Assert.Equal("ADL SCORM", (string?)manifest.Element(cp + "metadata")?.Element(cp + "schema"));
        Assert.Equal("1.2", (string?)manifest.Element(cp + "metadata")?.Element(cp + "schemaversion"));

        var organizations = manifest.Element(cp + "organizations")!;
        var organization = Assert.Single(organizations.Elements(cp + "organization"));
        Assert.Equal((string?)organizations.Attribute("default"), (string?)organization.Attribute("identifier"));
        Assert.Equal("Intensive referral & <follow-up>", (string?)organization.Element(cp + "title"));
        var item = Assert.Single(organization.Elements(cp + "item"));
        var resource = Assert.Single(manifest.Element(cp + "resources")!.Elements(cp + "resource"));
        Assert.Equal((string?)resource.Attribute("identifier"), (string?)item.Attribute("identifierref"));
        Assert.Equal("webcontent", (string?)resource.Attribute("type"));
        Assert.Equal("sco", (string?)resource.Attribute(adlcp + "scormtype"));
        Assert.Null(resource.Attribute(adlcp + "scormType"));
        Assert.Equal("index.html", (string?)resource.Attribute("href"));
        // No mastery score: the status the launcher reports is ours, the LMS must not recompute it from the score.
        Assert.Null(item.Element(adlcp + "masteryscore"));
        AssertFilesPresent(resource, cp, zip);
    }

    [Fact]
    public void Scorm2004_Manifest_UsesTheImsCp114AndAdl13Schemas_FourthEdition()
    {
        var (doc, zip) = Open(ScormVersion.Scorm2004);
        XNamespace cp = "http://www.imsglobal.org/xsd/imscp_v1p1", adlcp = "http://www.adlnet.org/xsd/adlcp_v1p3";
        var manifest = doc.Root!;
        Assert.Equal(cp + "manifest", manifest.Name);
        Assert.Equal("http://www.adlnet.org/xsd/adlseq_v1p3", manifest.GetNamespaceOfPrefix("adlseq")?.NamespaceName);
        Assert.Equal("http://www.adlnet.org/xsd/adlnav_v1p3", manifest.GetNamespaceOfPrefix("adlnav")?.NamespaceName);
        Assert.Equal("http://www.imsglobal.org/xsd/imsss", manifest.GetNamespaceOfPrefix("imsss")?.NamespaceName);
        var locations = ((string)manifest.Attribute(Xsi + "schemaLocation")!).Split(' ');
        Assert.Equal(
            ["http://www.imsglobal.org/xsd/imscp_v1p1", "imscp_v1p1.xsd", "http://www.adlnet.org/xsd/adlcp_v1p3", "adlcp_v1p3.xsd",
             "http://www.adlnet.org/xsd/adlseq_v1p3", "adlseq_v1p3.xsd", "http://www.adlnet.org/xsd/adlnav_v1p3", "adlnav_v1p3.xsd",
             "http://www.imsglobal.org/xsd/imsss", "imsss_v1p0.xsd"], locations);
        Assert.Equal("ADL SCORM", (string?)manifest.Element(cp + "metadata")?.Element(cp + "schema"));
        Assert.Equal("2004 4th Edition", (string?)manifest.Element(cp + "metadata")?.Element(cp + "schemaversion"));
        var organization = Assert.Single(manifest.Element(cp + "organizations")!.Elements(cp + "organization"));
        var item = Assert.Single(organization.Elements(cp + "item"));
        var resource = Assert.Single(manifest.Element(cp + "resources")!.Elements(cp + "resource"));
        Assert.Equal((string?)resource.Attribute("identifier"), (string?)item.Attribute("identifierref"));
        Assert.Equal("sco", (string?)resource.Attribute(adlcp + "scormType"));
        Assert.Null(resource.Attribute(adlcp + "scormtype"));
        AssertFilesPresent(resource, cp, zip);
    }

    [Theory]
    [InlineData(ScormVersion.Scorm12, "1.2")]
    [InlineData(ScormVersion.Scorm2004, "2004")]
    public void LaunchConfig_CarriesTheKeyIdKeyAndHostedOrigin(ScormVersion version, string name)
    {
        var (_, zip) = Open(version);
        using var reader = new StreamReader(zip.GetEntry("launch-config.js")!.Open());
        var text = reader.ReadToEnd();
        var json = System.Text.Json.JsonDocument.Parse(text[(text.IndexOf("window.RT_SCORM = ", StringComparison.Ordinal) + 18)..].TrimEnd().TrimEnd(';')).RootElement;
        Assert.Equal(name, json.GetProperty("version").GetString());
        Assert.Equal("https://training.example.org", json.GetProperty("baseUrl").GetString());
        Assert.Equal("0f8c2a3e-4b5d-4c6e-8f90-123456789abc", json.GetProperty("keyId").GetString());
        Assert.Equal(ScormLaunchSigner.Base64Url(Spec(version).KeySecret), json.GetProperty("key").GetString());
        Assert.Equal("intensive-referral", json.GetProperty("courseId").GetString());
        Assert.Equal(["imsmanifest.xml", "index.html", "launcher.js", "launch-config.js"], zip.Entries.Select(e => e.FullName));
    }

    private static void AssertFilesPresent(XElement resource, XNamespace cp, ZipArchive zip)
    {
        var files = resource.Elements(cp + "file").Select(f => (string)f.Attribute("href")!).ToList();
        Assert.Equal(["index.html", "launcher.js", "launch-config.js"], files);
        Assert.All(files, f => Assert.NotNull(zip.GetEntry(f)));
        Assert.Contains((string)resource.Attribute("href")!, files);
    }
}
