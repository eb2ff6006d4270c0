using System.IO.Compression;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;

namespace ReferralTraining.Web.Features.Scorm;

/// <summary>
/// Builds the SCORM zip for one course and organization: imsmanifest.xml at the root, one SCO (index.html) that runs
/// the launcher, and launch-config.js, which carries the organization's package key. The package is a credential:
/// whoever holds it can launch as any learner id of that organization, so directors download it only for their LMS (ADR-031).
/// </summary>
public static class ScormPackageBuilder
{
    public const string ManifestName = "imsmanifest.xml";
    public static readonly IReadOnlyList<string> ScoFiles = ["index.html", "launcher.js", "launch-config.js"];

    private static readonly XNamespace Xsi = "http://www.w3.org/2001/XMLSchema-instance";

    // SCORM 1.2: IMS Content Packaging 1.1.2 with the ADL 1.2 extensions.
    public static readonly XNamespace Cp12 = "http://www.imsproject.org/xsd/imscp_rootv1p1p2";
    public static readonly XNamespace Adlcp12 = "http://www.adlnet.org/xsd/adlcp_rootv1p2";

    // SCORM 2004 4th edition: IMS Content Packaging 1.1.4 with the ADL 1.3 extensions and IMS Simple Sequencing.
    public static readonly XNamespace Cp2004 = "http://www.imsglobal.org/xsd/imscp_v1p1";
    public static readonly XNamespace Adlcp2004 = "http://www.adlnet.org/xsd/adlcp_v1p3";
    public static readonly XNamespace Adlseq2004 = "http://www.adlnet.org/xsd/adlseq_v1p3";
    public static readonly XNamespace Adlnav2004 = "http://www.adlnet.org/xsd/adlnav_v1p3";
    public static readonly XNamespace Imsss2004 = "http://www.imsglobal.org/xsd/imsss";

    public static string FileName(PackageSpec spec) =>
        $"referraltraining-{spec.CourseId}-scorm{(spec.Version == ScormVersion.Scorm12 ? "12" : "2004")}.zip";

    public static byte[] Build(PackageSpec spec)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(zip, ManifestName, Manifest(spec).ToString(SaveOptions.None));
            Add(zip, "index.html", Asset("index.html").Replace("{{TITLE}}", System.Net.WebUtility.HtmlEncode(spec.CourseTitle), StringComparison.Ordinal));
            Add(zip, "launcher.js", Asset("launcher.js"));
            Add(zip, "launch-config.js", LaunchConfig(spec));
        }
        return buffer.ToArray();
    }

    /// <summary>The launcher's settings as a script (an LMS serves the package's files but cannot be asked for JSON with fetch everywhere).</summary>
    public static string LaunchConfig(PackageSpec spec)
    {
        var config = new Dictionary<string, object>
        {
            ["version"] = ScormLaunchSigner.VersionName(spec.Version),
            ["baseUrl"] = spec.BaseUrl.TrimEnd('/'),
            ["courseId"] = spec.CourseId,
            ["courseTitle"] = spec.CourseTitle,
            ["keyId"] = spec.KeyId.ToString("D"),
            ["key"] = ScormLaunchSigner.Base64Url(spec.KeySecret),
        };
        return "// Written by ReferralTraining for " + spec.OrganizationName.Replace('\n', ' ').Replace('\r', ' ')
            + ". The key signs launches: keep this package inside your LMS.\nwindow.RT_SCORM = "
            + JsonSerializer.Serialize(config) + ";\n";
    }

    public static XDocument Manifest(PackageSpec spec) => spec.Version == ScormVersion.Scorm12 ? Manifest12(spec) : Manifest2004(spec);

    private static string Identifier(PackageSpec spec) => "rt-" + spec.CourseId + "-" + spec.KeyId.ToString("N")[..8];

    private static XDocument Manifest12(PackageSpec spec)
    {
        XNamespace cp = Cp12, adlcp = Adlcp12;
        return new XDocument(new XDeclaration("1.0", "UTF-8", null),
            new XElement(cp + "manifest",
                new XAttribute("identifier", Identifier(spec)), new XAttribute("version", "1.0"),
                new XAttribute(XNamespace.Xmlns + "adlcp", adlcp), new XAttribute(XNamespace.Xmlns + "xsi", Xsi),
                new XAttribute(Xsi + "schemaLocation",
                    "http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd "
                    + "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd "
                    + "http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd"),
                new XElement(cp + "metadata", new XElement(cp + "schema", "ADL SCORM"), new XElement(cp + "schemaversion", "1.2")),
                new XElement(cp + "organizations", new XAttribute("default", "rt-org"),
                    new XElement(cp + "organization", new XAttribute("identifier", "rt-org"),
                        new XElement(cp + "title", spec.CourseTitle),
                        new XElement(cp + "item", new XAttribute("identifier", "rt-item"), new XAttribute("identifierref", "rt-sco"), new XAttribute("isvisible", "true"),
                            new XElement(cp + "title", spec.CourseTitle)))),
                new XElement(cp + "resources",
                    new XElement(cp + "resource", new XAttribute("identifier", "rt-sco"), new XAttribute("type", "webcontent"),
                        new XAttribute(adlcp + "scormtype", "sco"), new XAttribute("href", "index.html"),
                        ScoFiles.Select(f => new XElement(cp + "file", new XAttribute("href", f)))))));
    }

    private static XDocument Manifest2004(PackageSpec spec)
    {
        XNamespace cp = Cp2004, adlcp = Adlcp2004;
        return new XDocument(new XDeclaration("1.0", "UTF-8", null),
            new XElement(cp + "manifest",
                new XAttribute("identifier", Identifier(spec)), new XAttribute("version", "1"),
                new XAttribute(XNamespace.Xmlns + "adlcp", adlcp), new XAttribute(XNamespace.Xmlns + "adlseq", Adlseq2004),
                new XAttribute(XNamespace.Xmlns + "adlnav", Adlnav2004), new XAttribute(XNamespace.Xmlns + "imsss", Imsss2004),
                new XAttribute(XNamespace.Xmlns + "xsi", Xsi),
                new XAttribute(Xsi + "schemaLocation",
                    "http://www.imsglobal.org/xsd/imscp_v1p1 imscp_v1p1.xsd "
                    + "http://www.adlnet.org/xsd/adlcp_v1p3 adlcp_v1p3.xsd "
                    + "http://www.adlnet.org/xsd/adlseq_v1p3 adlseq_v1p3.xsd "
                    + "http://www.adlnet.org/xsd/adlnav_v1p3 adlnav_v1p3.xsd "
                    + "http://www.imsglobal.org/xsd/imsss imsss_v1p0.xsd"),
                new XElement(cp + "metadata", new XElement(cp + "schema", "ADL SCORM"), new XElement(cp + "schemaversion", "2004 4th Edition")),
                new XElement(cp + "organizations", new XAttribute("default", "rt-org"),
                    new XElement(cp + "organization", new XAttribute("identifier", "rt-org"),
                        new XElement(cp + "title", spec.CourseTitle),
                        new XElement(cp + "item", new XAttribute("identifier", "rt-item"), new XAttribute("identifierref", "rt-sco"),
                            new XElement(cp + "title", spec.CourseTitle)))),
                new XElement(cp + "resources",
                    new XElement(cp + "resource", new XAttribute("identifier", "rt-sco"), new XAttribute("type", "webcontent"),
                        new XAttribute(adlcp + "scormType", "sco"), new XAttribute("href", "index.html"),
                        ScoFiles.Select(f => new XElement(cp + "file", new XAttribute("href", f)))))));
    }

    private static void Add(ZipArchive zip, string name, string text)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        entry.LastWriteTime = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        using var stream = entry.Open();
        var bytes = new UTF8Encoding(false).GetBytes(text);
        stream.Write(bytes);
    }

    private static string Asset(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("ReferralTraining.Web.ScormPackage." + name)
            ?? throw new InvalidOperationException($"The SCORM launcher asset {name} is not embedded.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
