using System.Text;
using System.Text.RegularExpressions;
using ReferralTraining.Tests.Shared;

namespace ReferralTraining.UnitTests.Architecture;

/// <summary>
/// One voice (issue 20): the product speaks US English. Every page (Razor markup), every string literal in the code
/// (e-mails, PDFs, validation and API messages), the course content, the docs and the README are scanned for British
/// spellings of the product's own words. Quotations and the titles of real publications keep their own spelling:
/// reference lines (citations) and text in quotation marks are skipped, and <see cref="Allowed"/> lists the rest.
/// </summary>
public sealed partial class UsEnglishTests
{
    /// <summary>British spelling → the US word to use instead.</summary>
    private static readonly Dictionary<string, string> British = new(StringComparer.OrdinalIgnoreCase)
    {
        ["licence"] = "license", ["licences"] = "licenses", ["licenced"] = "licensed", ["licencing"] = "licensing",
        ["enrol"] = "enroll", ["enrols"] = "enrolls", ["enrolment"] = "enrollment", ["enrolments"] = "enrollments",
        ["catalogue"] = "catalog", ["catalogues"] = "catalogs", ["centre"] = "center", ["centres"] = "centers",
        ["behaviour"] = "behavior", ["behaviours"] = "behaviors", ["behavioural"] = "behavioral",
        ["colour"] = "color", ["colours"] = "colors", ["programme"] = "program", ["programmes"] = "programs",
        ["judgement"] = "judgment", ["favour"] = "favor", ["favourite"] = "favorite", ["honour"] = "honor",
        ["honoured"] = "honored", ["honouring"] = "honoring", ["practise"] = "practice", ["practised"] = "practiced",
        ["practising"] = "practicing", ["analyse"] = "analyze", ["analysed"] = "analyzed", ["analysing"] = "analyzing",
        ["counsellor"] = "counselor", ["counsellors"] = "counselors", ["counselling"] = "counseling",
        ["defence"] = "defense", ["offence"] = "offense", ["whilst"] = "while", ["amongst"] = "among",
        ["learnt"] = "learned", ["paediatric"] = "pediatric", ["fulfil"] = "fulfill", ["enquiry"] = "inquiry",
        ["ageing"] = "aging", ["modelling"] = "modeling", ["labelled"] = "labeled", ["travelling"] = "traveling",
        ["grey"] = "gray",
    };

    /// <summary>-ise/-isation forms of verbs the US spells with z (organise, recognise, authorise, ...).</summary>
    [GeneratedRegex(@"\b(organi|recogni|authori|summari|prioriti|minimi|maximi|optimi|categori|customi|finali|normali|standardi|emphasi|utili|reali|apologi|critici|speciali|personali|saniti|parameteri|randomi|seriali|visuali|initiali|synchroni|memori|familiari|stabili|neutrali|canonicali|characteri|itemi|capitali|hospitali|modernis|legali)s(e|es|ed|ing|ation|ations|ational|able)\b",
        RegexOptions.IgnoreCase)]
    private static partial Regex IseVerb();

    [GeneratedRegex(@"\b[A-Za-z]+\b")]
    private static partial Regex Word();

    // Straight or curly double quotes: a quotation keeps its source's spelling.
    [GeneratedRegex("[\"“][^\"”\n]*[\"”]")]
    private static partial Regex Quoted();

    /// <summary>Real publication titles and other text that must keep British spelling, as (file, text) pairs.</summary>
    private static readonly (string File, string Text)[] Allowed =
    [
        // Common-password list: words people choose, not our words.
        ("src/ReferralTraining.Web/Features/Accounts/common-passwords.txt", ""),
    ];

    [Fact]
    public void PagesEmailsPdfsAndMessages_UseUsSpelling()
    {
        var web = Path.Combine(RepoPaths.Root, "src", "ReferralTraining.Web");
        var findings = new List<string>();
        foreach (var file in Directory.EnumerateFiles(web, "*.cshtml", SearchOption.AllDirectories).Where(NotBuildOutput))
        {
            Scan(file, File.ReadAllLines(file).Select(RazorWithoutComments), findings, skipQuotes: false);
        }
        foreach (var file in Directory.EnumerateFiles(web, "*.cs", SearchOption.AllDirectories)
                     .Where(f => NotBuildOutput(f) && !f.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}")))
        {
            Scan(file, File.ReadAllLines(file).Select(line => string.Join(" ", StringLiterals(line))), findings, skipQuotes: false);
        }
        Assert.True(findings.Count == 0, "British spellings in the product's own words (use US English):\n" + string.Join("\n", findings));
    }

    [Fact]
    public void CourseContentDocsAndReadme_UseUsSpelling()
    {
        var files = Directory.EnumerateFiles(RepoPaths.Content, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".md", StringComparison.Ordinal) || f.EndsWith(".yaml", StringComparison.Ordinal))
            .Concat(Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "docs"), "*.md", SearchOption.AllDirectories))
            .Append(Path.Combine(RepoPaths.Root, "README.md"));
        var findings = new List<string>();
        foreach (var file in files)
        {
            // A citation names a real publication in its own words (a British journal keeps "programmes").
            Scan(file, File.ReadAllLines(file).Select(l => l.TrimStart().StartsWith("citation:", StringComparison.Ordinal) ? "" : l),
                findings, skipQuotes: true);
        }
        Assert.True(findings.Count == 0, "British spellings in content or docs (use US English; quotations and citations are exempt):\n" +
            string.Join("\n", findings));
    }

    [Theory]
    [InlineData("Enrol in this course", "enrol")]
    [InlineData("Licence or certification number", "licence")]
    [InlineData("We recognised the file", "recognised")]
    [InlineData("Your organisation's catalogue", "organisation")]
    public void TheScan_FindsBritishSpellings(string text, string expected)
    {
        var findings = new List<string>();
        Scan("x.cshtml", [text], findings, skipQuotes: false);
        Assert.Contains(findings, f => f.Contains($"\"{expected}\"", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void TheScan_ReadsOnlyStringLiterals_InCode()
    {
        Assert.Equal(["Enrol first.", "a \\\"b\\\" c"],
            StringLiterals("""errors.Add(new("", "Enrol first.")); var s = "a \"b\" c"; // the licence "x" """).Where(s => s.Length > 0).ToArray());
    }

    private static void Scan(string file, IEnumerable<string> lines, List<string> findings, bool skipQuotes)
    {
        var relative = Path.GetRelativePath(RepoPaths.Root, file).Replace('\\', '/');
        if (Allowed.Any(a => a.File == relative && a.Text.Length == 0))
        {
            return;
        }
        var number = 0;
        foreach (var raw in lines)
        {
            number++;
            var line = Allowed.Where(a => a.File == relative).Aggregate(raw, (l, a) => l.Replace(a.Text, "", StringComparison.Ordinal));
            if (skipQuotes)
            {
                line = Quoted().Replace(line, " ");
            }
            foreach (Match word in Word().Matches(line))
            {
                if (British.TryGetValue(word.Value, out var us))
                {
                    findings.Add($"{relative}:{number}: \"{word.Value}\" → \"{us}\"");
                }
            }
            foreach (Match verb in IseVerb().Matches(line))
            {
                findings.Add($"{relative}:{number}: \"{verb.Value}\" → spell it with z");
            }
        }
    }

    private static bool NotBuildOutput(string path) =>
        !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}") &&
        !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}");

    // Razor comments are notes to developers, not page text.
    private static string RazorWithoutComments(string line) => RazorComment().Replace(line, " ");

    [GeneratedRegex(@"@\*.*?\*@")]
    private static partial Regex RazorComment();

    /// <summary>The contents of the string literals on one line of C#, up to a // comment outside any literal.</summary>
    private static List<string> StringLiterals(string line)
    {
        var literals = new List<string>();
        var current = new StringBuilder();
        var inString = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (!inString)
            {
                if (c == '/' && i + 1 < line.Length && line[i + 1] == '/')
                {
                    break;
                }
                if (c == '\'' && i + 2 < line.Length)
                {
                    // A char literal such as '"' must not open a string.
                    i += line[i + 1] == '\\' ? 3 : 2;
                    continue;
                }
                if (c == '"')
                {
                    inString = true;
                    current.Clear();
                }
                continue;
            }
            if (c == '\\' && i + 1 < line.Length)
            {
                current.Append(c).Append(line[i + 1]);
                i++;
                continue;
            }
            if (c == '"')
            {
                inString = false;
                literals.Add(current.ToString());
                continue;
            }
            current.Append(c);
        }
        if (inString)
        {
            literals.Add(current.ToString());
        }
        return literals;
    }
}
