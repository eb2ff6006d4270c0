using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using ReferralTraining.Web.Features.Courses.Content.Planning;
using ReferralTraining.Web.Features.Courses.Content.Quizzes;
using ReferralTraining.Web.Features.Courses.Content.Scenarios;
using YamlDotNet.RepresentationModel;

namespace ReferralTraining.Web.Features.Courses.Content;

/// <summary>
/// Loads every course folder under <c>content/courses</c>. A course with any error is left out of the
/// result (so it cannot be published), and its errors name file, line and problem.
/// </summary>
public sealed partial class CourseLoader(MarkdownRenderer renderer, QuizParser quizParser)
{
    private readonly ChecklistLoader checklistLoader = new(renderer);
    private readonly ScenarioParser scenarioParser = new(renderer);

    public const string CourseFile = "course.md";

    private static readonly string[] CourseFields =
    [
        "id", "title", "version", "summary", "audience", "estimated_minutes", "release_date", "review_date",
        "expiry_date", "faculty", "credits", "objectives", "references", "modules", "quiz", "practices", "follow_up_days", "scenarios",
    ];

    /// <summary>Commitment-to-change follow-up offsets when a course sets none (credentials.md §3.3: 30 and 90 days).</summary>
    public static readonly int[] DefaultFollowUpDays = [30, 90];

    /// <summary>Credit types we can designate; accreditation statements per type come with certificates.</summary>
    public static readonly string[] CreditTypes = ["naadac", "nbcc", "apa", "ama-pra-1", "ancc", "aswb", "ipce", "participation"];

    private static readonly string[] ProfessionIds = ["counselor", "physician", "nurse", "psychologist", "social-worker", "peer-specialist", "other"];

    private static readonly string[] ModuleFields = ["title", "objectives"];

    [GeneratedRegex("^[a-z0-9]+(?:-[a-z0-9]+)*$")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^\d+\.\d+\.\d+$")]
    private static partial Regex VersionPattern();

    // [0-9], not \d: int.Parse reads ASCII digits only.
    [GeneratedRegex(@"^([0-9]{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$")]
    private static partial Regex ModuleFilePattern();

    /// <param name="contentRoot">The <c>content</c> folder (holding <c>courses/</c>).</param>
    public ContentLoadResult LoadAll(string contentRoot)
    {
        var coursesRoot = Path.Combine(contentRoot, "courses");
        var errors = new List<ContentError>();
        if (!Directory.Exists(coursesRoot))
        {
            errors.Add(new ContentError(Relative(contentRoot, coursesRoot), 0, "The content folder has no 'courses' folder."));
            return new ContentLoadResult([], errors);
        }

        // Checklists are shared by the scenarios of every course: load them once, report their errors once.
        var checklists = checklistLoader.LoadAll(contentRoot, errors);
        var loaded = new List<CourseDefinition>();
        var folders = Directory.GetDirectories(coursesRoot).Order(StringComparer.Ordinal).ToList();
        if (folders.Count == 0)
        {
            // Nothing to check must not read as "all valid": a wrong path or a lost checkout would pass.
            errors.Add(new ContentError(Relative(contentRoot, coursesRoot), 0, "The 'courses' folder is empty: no course to check or publish."));
        }
        foreach (var folder in folders)
        {
            var courseErrors = new List<ContentError>();
            var course = LoadCourse(contentRoot, folder, courseErrors, checklists);
            errors.AddRange(courseErrors);
            if (course is not null && courseErrors.Count == 0)
            {
                loaded.Add(course);
            }
        }

        // Two folders claiming one id: neither can be trusted, so neither is published.
        foreach (var group in loaded.GroupBy(c => c.Id).Where(g => g.Count() > 1))
        {
            var files = group.Select(c => Relative(contentRoot, Path.Combine(c.Folder, CourseFile))).ToList();
            foreach (var file in files)
            {
                errors.Add(new ContentError(file, 2, $"Duplicate course id '{group.Key}': also used by {string.Join(", ", files.Where(f => f != file))}."));
            }
        }
        var duplicateIds = loaded.GroupBy(c => c.Id).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        // A scenario id names attempts and analysis across all content: two files claiming one id publish neither course.
        foreach (var group in loaded.SelectMany(c => c.Scenarios.Select(s => (Course: c, Scenario: s))).GroupBy(x => x.Scenario.Id).Where(g => g.Count() > 1))
        {
            foreach (var (course, scenario) in group)
            {
                errors.Add(new ContentError(scenario.File, 2, $"Duplicate scenario id '{group.Key}': also used by {string.Join(", ", group.Select(x => x.Scenario.File).Where(f => f != scenario.File))}. Scenario ids are unique across all content."));
                duplicateIds.Add(course.Id);
            }
        }
        return new ContentLoadResult(loaded.Where(c => !duplicateIds.Contains(c.Id)).ToList(), errors);
    }

    /// <param name="checklists">The content's checklists; loaded here when null (their own errors are then not reported).</param>
    public CourseDefinition? LoadCourse(string contentRoot, string folder, List<ContentError> errors, IReadOnlyDictionary<string, Checklist>? checklists = null)
    {
        var errorsAtStart = errors.Count;
        var coursePath = Path.Combine(folder, CourseFile);
        var courseFile = Relative(contentRoot, coursePath);
        if (!File.Exists(coursePath))
        {
            errors.Add(new ContentError(courseFile, 0, $"Course folder has no {CourseFile}."));
            return null;
        }
        var courseText = ContentText.Read(coursePath, courseFile, errors);
        if (courseText is null)
        {
            return null;
        }
        var fm = FrontMatter.Parse(courseText, courseFile, errors);
        if (fm is null)
        {
            return null;
        }
        fm.RejectUnknownKeys(CourseFields);

        var id = fm.String("id", required: true);
        if (id is not null && !IdPattern().IsMatch(id))
        {
            fm.Error(fm.LineOfKey("id"), "Field 'id' must use lowercase letters, digits and single hyphens (e.g. intensive-referral).");
        }
        var title = fm.String("title", required: true);
        var version = fm.String("version", required: true);
        if (version is not null && !VersionPattern().IsMatch(version))
        {
            fm.Error(fm.LineOfKey("version"), "Field 'version' must look like 1.0.0 (major.minor.patch).");
        }
        var summary = fm.String("summary", required: true);
        var audience = fm.String("audience", required: true);
        var minutes = fm.Integer("estimated_minutes", required: true, 5, 2400);
        var release = fm.Date("release_date");
        var review = fm.Date("review_date");
        var expiry = fm.Date("expiry_date");
        if (release is not null && expiry is not null && expiry <= release)
        {
            fm.Error(fm.LineOfKey("expiry_date"), "Field 'expiry_date' must be after 'release_date'.");
        }

        var credits = LoadCredits(fm, minutes);

        var faculty = LoadFaculty(fm, release, credits.Count > 0);

        var objectiveLines = new Dictionary<string, int>(StringComparer.Ordinal);
        var objectives = LoadObjectives(fm, objectiveLines);

        var references = LoadReferences(fm);
        var referencesById = references.ToDictionary(r => r.Id);
        var practices = LoadPractices(fm, referencesById);
        var followUpDays = LoadFollowUpDays(fm);

        var moduleEntries = LoadModuleList(fm, folder);

        var courseId = id ?? "";
        var moduleUrls = moduleEntries.Select((m, i) => (m.FileName, Url: $"/courses/{courseId}/modules/{i + 1}"))
            .DistinctBy(m => m.FileName).ToDictionary(m => m.FileName, m => m.Url);
        var overview = renderer.Render(fm.Body, courseFile, fm.BodyLineOffset, referencesById, moduleUrls, errors);

        var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        AppendToHash(hash, CourseFile, courseText);
        var modules = LoadModules(contentRoot, folder, moduleEntries, objectives, referencesById, moduleUrls, hash, errors);

        var quiz = LoadQuiz(contentRoot, folder, fm, objectives, objectiveLines, referencesById, hash, errors);
        checklists ??= checklistLoader.LoadAll(contentRoot, []);
        var scenarios = LoadScenarios(contentRoot, folder, referencesById, moduleUrls, checklists, objectives, hash, errors);
        var planning = LoadPlanning(contentRoot, folder, courseFile, referencesById, fm.HasKey("quiz"), scenarios, hash, errors);
        var requirement = LoadScenarioRequirement(fm, scenarios);
        // Seat time is checked only on an otherwise sound course: a broken pool would skew it.
        if (minutes is not null && errors.Count == errorsAtStart)
        {
            var words = modules.Sum(m => m.WordCount);
            var drawn = quiz?.Settings.QuestionsPerAttempt ?? 0;
            var expected = SeatTime.Minutes(words, drawn);
            if (expected != minutes)
            {
                fm.Error(fm.LineOfKey("estimated_minutes"),
                    $"estimated_minutes is {minutes} but the documented method gives {expected}: {words} words at {SeatTime.WordsPerMinute} per minute, plus {drawn} quiz questions at {SeatTime.MinutesPerQuestion} minutes.");
            }
        }

        if (id is null || title is null || version is null || summary is null || audience is null || minutes is null)
        {
            return null;
        }
        return new CourseDefinition(id, title, version, summary, audience, minutes.Value, release, review, expiry,
            faculty, credits, objectives, references, overview.Html, modules, quiz, Convert.ToHexStringLower(hash.GetHashAndReset()), folder, practices, followUpDays)
        {
            Scenarios = scenarios,
            ScenarioRequirement = requirement,
            Planning = planning,
        };
    }

    /// <summary>The planning record beside course.md; part of the version's hash, since the activity file reports it per version.</summary>
    private static PlanningRecord? LoadPlanning(
        string contentRoot, string folder, string courseFile, IReadOnlyDictionary<string, Reference> references, bool hasQuiz,
        IReadOnlyList<ScenarioDefinition> scenarios, IncrementalHash hash, List<ContentError> errors)
    {
        var path = Path.Combine(folder, PlanningLoader.FileName);
        if (!File.Exists(path))
        {
            errors.Add(new ContentError(courseFile, 1,
                $"The course has no planning record: add {PlanningLoader.FileName} beside course.md with the practice gap, the needs-assessment sources and the desired changes by Moore level (docs/authoring.md)."));
            return null;
        }
        var file = Relative(contentRoot, path);
        var text = ContentText.Read(path, file, errors);
        if (text is null)
        {
            return null;
        }
        AppendToHash(hash, PlanningLoader.FileName, text);
        return PlanningLoader.Parse(text, file, references, hasQuiz, scenarios, errors);
    }

    /// <summary>
    /// The people in control of content, each with a disclosure made within the 24 months before the release date and
    /// a mitigation for every relevant relationship (ACCME Standards for Integrity and Independence, Standard 3).
    /// </summary>
    private static List<FacultyMember> LoadFaculty(FrontMatter fm, DateOnly? release, bool offersCredit)
    {
        var faculty = new List<FacultyMember>();
        var list = fm.List("faculty", required: false);
        if (list.Count == 0 && offersCredit)
        {
            fm.Error(fm.LineOfKey(fm.HasKey("faculty") ? "faculty" : "credits"),
                "A course that offers credit must list under 'faculty' the people in control of its content (planners, authors, reviewers), each with a disclosure (ACCME Standard 3).");
        }
        foreach (var node in list)
        {
            if (node is not YamlMappingNode map)
            {
                fm.Error(fm.LineOf(node), "Each faculty entry needs 'name', 'credentials', 'role' and 'disclosure'.");
                continue;
            }
            fm.RejectUnknownKeys(map, ["name", "credentials", "role", "disclosure", "placeholder"], " in faculty");
            var name = fm.String(map, "name", true, " in faculty") ?? "";
            var role = fm.String(map, "role", true, " in faculty") ?? "";
            if (role.Length > 0 && !ContentPeople.Roles.Contains(role))
            {
                fm.Error(fm.LineOf(map.Children[new YamlScalarNode("role")]), $"Faculty role '{role}' is not one of: {string.Join(", ", ContentPeople.Roles)}.");
            }
            var placeholder = Boolean(fm, map, "placeholder", " in faculty") ?? false;
            var disclosure = LoadDisclosure(fm, map, name, release);
            faculty.Add(new FacultyMember(name, fm.String(map, "credentials", false, "") ?? "", role, disclosure, placeholder));
        }
        return faculty;
    }

    private static Disclosure? LoadDisclosure(FrontMatter fm, YamlMappingNode person, string name, DateOnly? release)
    {
        var context = $" in the disclosure of '{name}'";
        if (!person.Children.TryGetValue(new YamlScalarNode("disclosure"), out var node))
        {
            fm.Error(fm.LineOf(person), $"'{name}' has no 'disclosure': every person in control of content discloses their financial relationships with ineligible companies, or 'none: true' (ACCME Standard 3).");
            return null;
        }
        if (node is not YamlMappingNode map)
        {
            fm.Error(fm.LineOf(node), $"'disclosure' of '{name}' needs 'collected' (a date) and either 'none: true' or 'relationships'.");
            return null;
        }
        fm.RejectUnknownKeys(map, ["collected", "none", "relationships"], context);
        var collectedText = fm.String(map, "collected", true, context);
        DateOnly? collected = null;
        if (collectedText is not null)
        {
            var line = fm.LineOf(map.Children[new YamlScalarNode("collected")]);
            if (!DateOnly.TryParseExact(collectedText, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date))
            {
                fm.Error(line, $"Field 'collected'{context} must be a date written YYYY-MM-DD.");
            }
            else if (release is null)
            {
                fm.Error(line, $"The disclosure of '{name}' cannot be dated against the course: set 'release_date'.");
            }
            else if (date > release)
            {
                fm.Error(line, $"The disclosure of '{name}' was collected on {date:yyyy-MM-dd}, after the release date {release:yyyy-MM-dd}: it must be collected before the activity.");
            }
            else if (date < release.Value.AddMonths(-24))
            {
                fm.Error(line, $"The disclosure of '{name}' was collected on {date:yyyy-MM-dd}, more than 24 months before the release date {release:yyyy-MM-dd}: collect a new one (ACCME Standard 3 looks back 24 months).");
            }
            else
            {
                collected = date;
            }
        }
        var none = Boolean(fm, map, "none", context) ?? false;
        var relationships = new List<FinancialRelationship>();
        map.Children.TryGetValue(new YamlScalarNode("relationships"), out var listNode);
        if (listNode is YamlSequenceNode sequence)
        {
            foreach (var item in sequence.Children)
            {
                if (LoadRelationship(fm, item, name) is { } relationship)
                {
                    relationships.Add(relationship);
                }
            }
        }
        else if (listNode is not null && listNode is not YamlScalarNode { Value: null or "" })
        {
            fm.Error(fm.LineOf(listNode), $"'relationships'{context} must be a list.");
        }
        if (none && listNode is YamlSequenceNode { Children.Count: > 0 })
        {
            fm.Error(fm.LineOf(listNode), $"The disclosure of '{name}' says 'none: true' but lists relationships: keep one.");
        }
        else if (!none && listNode is not YamlSequenceNode { Children.Count: > 0 })
        {
            fm.Error(fm.LineOf(map), $"The disclosure of '{name}' lists no relationships: list them, or write 'none: true' when there are none (the learner is told either way).");
        }
        return collected is null ? null : new Disclosure(collected.Value, none, relationships);
    }

    private static FinancialRelationship? LoadRelationship(FrontMatter fm, YamlNode node, string name)
    {
        var context = $" in a relationship of '{name}'";
        if (node is not YamlMappingNode map)
        {
            fm.Error(fm.LineOf(node), $"Each relationship{context} needs 'company', 'nature' and 'relevant' (and 'mitigation' when relevant).");
            return null;
        }
        fm.RejectUnknownKeys(map, ["company", "nature", "relevant", "mitigation"], context);
        var company = fm.String(map, "company", true, context);
        var nature = fm.String(map, "nature", true, context);
        var relevant = Boolean(fm, map, "relevant", context);
        if (relevant is null && !map.Children.ContainsKey(new YamlScalarNode("relevant")))
        {
            fm.Error(fm.LineOf(map), $"Say whether the relationship with '{company}' is relevant to the content: 'relevant: true' or 'relevant: false'.");
        }
        Mitigation? mitigation = null;
        if (map.Children.TryGetValue(new YamlScalarNode("mitigation"), out var mitigationNode))
        {
            if (mitigationNode is YamlMappingNode m)
            {
                fm.RejectUnknownKeys(m, ["step", "by"], $" in the mitigation for '{company}'");
                var step = fm.String(m, "step", true, $" in the mitigation for '{company}'");
                var by = fm.String(m, "by", true, $" in the mitigation for '{company}'");
                mitigation = step is null || by is null ? null : new Mitigation(step, by);
            }
            else
            {
                fm.Error(fm.LineOf(mitigationNode), $"'mitigation' for '{company}' needs 'step' (what was done) and 'by' (who did it).");
            }
        }
        else if (relevant == true)
        {
            fm.Error(fm.LineOf(map), $"The relevant relationship of '{name}' with '{company}' has no 'mitigation': say what step mitigated it and who took it (ACCME Standard 3).");
        }
        return company is null || nature is null || relevant is null ? null : new FinancialRelationship(company, nature, relevant.Value, mitigation);
    }

    private static bool? Boolean(FrontMatter fm, YamlMappingNode map, string key, string context)
    {
        var text = fm.String(map, key, false, context);
        if (text is null)
        {
            return null;
        }
        if (text is "true" or "false")
        {
            return text == "true";
        }
        fm.Error(fm.LineOf(map.Children[new YamlScalarNode(key)]), $"Field '{key}'{context} must be true or false.");
        return null;
    }

    private static List<CreditOffer> LoadCredits(FrontMatter fm, int? minutes)
    {
        var credits = new List<CreditOffer>();
        foreach (var node in fm.List("credits", required: false))
        {
            if (node is not YamlMappingNode map)
            {
                fm.Error(fm.LineOf(node), "Each credit offer needs 'type' and 'hours' (and optionally 'professions').");
                continue;
            }
            fm.RejectUnknownKeys(map, ["type", "hours", "professions"], " in credits");
            var type = fm.String(map, "type", true, " in credits");
            var hoursText = fm.String(map, "hours", true, " in credits");
            if (type is not null && !CreditTypes.Contains(type))
            {
                fm.Error(fm.LineOf(map), $"Credit type '{type}' is not one of: {string.Join(", ", CreditTypes)}.");
            }
            decimal hours = 0;
            if (hoursText is not null && (!decimal.TryParse(hoursText, System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out hours) || hours <= 0 || hours > 40))
            {
                fm.Error(fm.LineOf(map), "Credit 'hours' must be a number above 0 (e.g. 0.75).");
            }
            else if (type == "ama-pra-1" && hours % 0.25m != 0)
            {
                fm.Error(fm.LineOf(map), "AMA PRA Category 1 Credit is designated in 0.25 steps.");
            }
            else if (minutes is not null && hours * 60 > minutes.Value)
            {
                fm.Error(fm.LineOf(map), $"Credit of {hours} hours is more than the course's estimated {minutes} minutes.");
            }
            var professions = new List<string>();
            if (map.Children.TryGetValue(new YamlScalarNode("professions"), out var professionNode))
            {
                if (professionNode is YamlSequenceNode sequence)
                {
                    foreach (var p in sequence.Children.OfType<YamlScalarNode>())
                    {
                        if (!ProfessionIds.Contains(p.Value))
                        {
                            fm.Error(fm.LineOf(p), $"Profession '{p.Value}' is not one of: {string.Join(", ", ProfessionIds)}.");
                        }
                        professions.Add(p.Value ?? "");
                    }
                }
                else
                {
                    fm.Error(fm.LineOf(professionNode), "'professions' must be a list, e.g. [counselor, peer-specialist].");
                }
            }
            if (type is not null && credits.Any(c => c.Type == type))
            {
                fm.Error(fm.LineOf(map), $"Credit type '{type}' is offered twice.");
            }
            credits.Add(new CreditOffer(type ?? "", hours, professions));
        }
        return credits;
    }

    private static List<Objective> LoadObjectives(FrontMatter fm, Dictionary<string, int> lines)
    {
        var objectives = new List<Objective>();
        foreach (var node in fm.List("objectives", required: true))
        {
            if (node is not YamlMappingNode map)
            {
                fm.Error(fm.LineOf(node), "Each objective needs an 'id' and a 'text'.");
                continue;
            }
            fm.RejectUnknownKeys(map, ["id", "text"], " in objectives");
            var objectiveId = fm.String(map, "id", true, " in objectives");
            var text = fm.String(map, "text", true, " in objectives");
            if (objectiveId is null || text is null)
            {
                continue;
            }
            if (!IdPattern().IsMatch(objectiveId))
            {
                fm.Error(fm.LineOf(map), $"Objective id '{objectiveId}' must use lowercase letters, digits and hyphens.");
            }
            else if (objectives.Any(o => o.Id == objectiveId))
            {
                fm.Error(fm.LineOf(map), $"Duplicate objective id '{objectiveId}'.");
            }
            else
            {
                objectives.Add(new Objective(objectiveId, text));
                lines[objectiveId] = fm.LineOf(map);
            }
        }
        return objectives;
    }

    private static List<Reference> LoadReferences(FrontMatter fm)
    {
        var references = new List<Reference>();
        foreach (var node in fm.List("references", required: true))
        {
            if (node is not YamlMappingNode map)
            {
                fm.Error(fm.LineOf(node), "Each reference needs 'id', 'short' and 'citation'.");
                continue;
            }
            fm.RejectUnknownKeys(map, ["id", "short", "citation"], " in references");
            var referenceId = fm.String(map, "id", true, " in references");
            var shortLabel = fm.String(map, "short", true, " in references");
            var citation = fm.String(map, "citation", true, " in references");
            if (referenceId is null || shortLabel is null || citation is null)
            {
                continue;
            }
            if (references.Any(r => r.Id == referenceId))
            {
                fm.Error(fm.LineOf(map), $"Duplicate reference id '{referenceId}'.");
                continue;
            }
            references.Add(new Reference(referenceId, shortLabel, citation));
        }
        return references;
    }

    /// <summary>The module files listed in course.md, the source of truth: the files on disk must match it exactly.</summary>
    private static List<(string FileName, int Line)> LoadModuleList(FrontMatter fm, string folder)
    {
        var moduleEntries = new List<(string FileName, int Line)>();
        var numbersSeen = new Dictionary<int, string>();
        var expectedNumber = 1;
        foreach (var node in fm.List("modules", required: true))
        {
            if (node is not YamlScalarNode { Value: { } fileName })
            {
                fm.Error(fm.LineOf(node), "Each entry in 'modules' is a file name such as 01-introduction.md.");
                continue;
            }
            var line = fm.LineOf(node);
            var match = ModuleFilePattern().Match(fileName);
            if (!match.Success)
            {
                fm.Error(line, $"Module file name '{fileName}' must look like 01-introduction.md.");
                continue;
            }
            var number = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            if (numbersSeen.TryGetValue(number, out var first))
            {
                // One error for the duplicate; the files after it are judged against the numbering as written.
                fm.Error(line, $"Duplicate module {match.Groups[1].Value}: '{fileName}' and '{first}' have the same number.");
            }
            else
            {
                if (number != expectedNumber)
                {
                    fm.Error(line, $"Module '{fileName}' is listed in position {moduleEntries.Count + 1}; number the files 01, 02, … in the order listed.");
                }
                numbersSeen[number] = fileName;
                expectedNumber = number + 1;
            }
            if (!File.Exists(Path.Combine(folder, fileName)))
            {
                fm.Error(line, $"Missing module: '{fileName}' is listed but the file does not exist.");
            }
            moduleEntries.Add((fileName, line));
        }
        foreach (var stray in Directory.GetFiles(folder, "*.md").Select(Path.GetFileName).Where(f => f is not null && ModuleFilePattern().IsMatch(f)))
        {
            if (!moduleEntries.Any(m => m.FileName == stray))
            {
                fm.Error(fm.LineOfKey("modules"), $"Module file '{stray}' exists but is not listed in 'modules'.");
            }
        }
        return moduleEntries;
    }

    /// <summary>Each listed module that exists, numbered in list order; its text goes into the course's content hash.</summary>
    private List<ModuleDefinition> LoadModules(string contentRoot, string folder, List<(string FileName, int Line)> moduleEntries, List<Objective> objectives,
        Dictionary<string, Reference> referencesById, Dictionary<string, string> moduleUrls, IncrementalHash hash, List<ContentError> errors)
    {
        var modules = new List<ModuleDefinition>();
        foreach (var (fileName, _) in moduleEntries)
        {
            var path = Path.Combine(folder, fileName);
            if (!File.Exists(path))
            {
                continue;
            }
            var moduleFile = Relative(contentRoot, path);
            var moduleText = ContentText.Read(path, moduleFile, errors);
            if (moduleText is null)
            {
                continue;
            }
            PersonFirstLanguage.Check(moduleText, moduleFile, errors);
            AppendToHash(hash, fileName, moduleText);
            var module = LoadModule(contentRoot, path, moduleText, modules.Count + 1, objectives, referencesById, moduleUrls, errors);
            if (module is not null)
            {
                modules.Add(module);
            }
        }
        return modules;
    }

    private List<ScenarioDefinition> LoadScenarios(
        string contentRoot, string folder, IReadOnlyDictionary<string, Reference> references, IReadOnlyDictionary<string, string> moduleUrls,
        IReadOnlyDictionary<string, Checklist> checklists, IReadOnlyList<Objective> objectives, IncrementalHash hash, List<ContentError> errors)
    {
        var scenarios = new List<ScenarioDefinition>();
        var scenarioFolder = Path.Combine(folder, ScenarioParser.Folder);
        if (!Directory.Exists(scenarioFolder))
        {
            return scenarios;
        }
        var usedChecklists = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var path in Directory.GetFiles(scenarioFolder).Order(StringComparer.Ordinal))
        {
            var file = Relative(contentRoot, path);
            if (!path.EndsWith(".md", StringComparison.Ordinal))
            {
                errors.Add(new ContentError(file, 0, "Only scenario files named <scenario-id>.md belong in a course's scenarios folder."));
                continue;
            }
            var text = ContentText.Read(path, file, errors);
            if (text is null)
            {
                continue;
            }
            AppendToHash(hash, ScenarioParser.Folder + "/" + Path.GetFileName(path), text);
            var scenario = scenarioParser.Parse(text, file, Path.GetFileNameWithoutExtension(path), references, moduleUrls, checklists, errors, objectives);
            if (scenario is not null)
            {
                scenarios.Add(scenario);
                usedChecklists.UnionWith(scenario.ChecklistIds);
            }
        }
        // A checklist's wording is part of what the course's scenarios score against: editing it is a new version.
        foreach (var checklistId in usedChecklists)
        {
            AppendToHash(hash, ChecklistLoader.Folder + "/" + checklistId + ".yaml", checklists[checklistId].SourceText);
        }
        return scenarios;
    }

    private static ScenarioRequirement? LoadScenarioRequirement(FrontMatter fm, List<ScenarioDefinition> scenarios)
    {
        var map = fm.Map("scenarios");
        if (map is null)
        {
            return null;
        }
        const string context = " in scenarios";
        fm.RejectUnknownKeys(map, ["required", "min_fidelity"], context);
        var minFidelity = fm.Integer(map, "min_fidelity", true, 1, 100, context);
        var required = new List<string>();
        if (!map.Children.TryGetValue(new YamlScalarNode("required"), out var requiredNode) || requiredNode is not YamlSequenceNode list || list.Children.Count == 0)
        {
            fm.Error(fm.LineOf(map), "Field 'required' in scenarios must list at least one scenario id of this course, e.g. [not-religious].");
        }
        else
        {
            foreach (var node in list.Children)
            {
                if (node is not YamlScalarNode { Value: { } scenarioId })
                {
                    fm.Error(fm.LineOf(node), "Each entry in 'required' is a scenario id.");
                    continue;
                }
                if (!scenarios.Any(s => s.Id == scenarioId))
                {
                    fm.Error(fm.LineOf(node), $"Required scenario '{scenarioId}' is not a valid scenario in this course's scenarios folder.");
                    continue;
                }
                if (required.Contains(scenarioId))
                {
                    fm.Error(fm.LineOf(node), $"Required scenario '{scenarioId}' is listed twice.");
                    continue;
                }
                required.Add(scenarioId);
            }
        }
        return minFidelity is null || required.Count == 0 ? null : new ScenarioRequirement(required, minFidelity.Value);
    }

    private static List<PracticeDefinition> LoadPractices(FrontMatter fm, IReadOnlyDictionary<string, Reference> references)
    {
        var practices = new List<PracticeDefinition>();
        foreach (var node in fm.List("practices", required: true))
        {
            if (node is not YamlMappingNode map)
            {
                fm.Error(fm.LineOf(node), "Each practice needs an 'id', a 'text' and a list of 'tips'.");
                continue;
            }
            fm.RejectUnknownKeys(map, ["id", "text", "tips"], " in practices");
            var practiceId = fm.String(map, "id", true, " in practices");
            var text = fm.String(map, "text", true, " in practices");
            if (practiceId is not null && !IdPattern().IsMatch(practiceId))
            {
                fm.Error(fm.LineOf(map), $"Practice id '{practiceId}' must use lowercase letters, digits and hyphens.");
            }
            if (practiceId is not null && practices.Any(p => p.Id == practiceId))
            {
                fm.Error(fm.LineOf(map), $"Duplicate practice id '{practiceId}'.");
            }
            if (text?.Length > 200)
            {
                fm.Error(fm.LineOf(map), "A practice's 'text' must be at most 200 characters: it is a choice in a list.");
            }
            var tips = new List<PracticeTip>();
            if (!map.Children.TryGetValue(new YamlScalarNode("tips"), out var tipsNode) || tipsNode is not YamlSequenceNode tipList || tipList.Children.Count == 0)
            {
                fm.Error(fm.LineOf(map), $"Practice '{practiceId}' needs 'tips': at least one tip with 'text' and 'ref' (follow-up nudges show them).");
            }
            else
            {
                foreach (var tipNode in tipList.Children)
                {
                    if (tipNode is not YamlMappingNode tipMap)
                    {
                        fm.Error(fm.LineOf(tipNode), "Each tip needs 'text' and 'ref' (a reference id of this course).");
                        continue;
                    }
                    fm.RejectUnknownKeys(tipMap, ["text", "ref"], " in tips");
                    var tipText = fm.String(tipMap, "text", true, " in tips");
                    var refId = fm.String(tipMap, "ref", true, " in tips");
                    if (tipText?.Length > 400)
                    {
                        fm.Error(fm.LineOf(tipMap), "A tip must be at most 400 characters: it is read in an e-mail on a phone.");
                    }
                    if (refId is not null && !references.ContainsKey(refId))
                    {
                        fm.Error(fm.LineOf(tipMap), $"Tip cites unknown reference '{refId}'. Add it to 'references' or fix the id.");
                        continue;
                    }
                    if (tipText is not null && refId is not null)
                    {
                        tips.Add(new PracticeTip(tipText, refId, references[refId].Short));
                    }
                }
            }
            if (practiceId is not null && text is not null)
            {
                practices.Add(new PracticeDefinition(practiceId, text, tips));
            }
        }
        return practices;
    }

    private static List<int> LoadFollowUpDays(FrontMatter fm)
    {
        var nodes = fm.List("follow_up_days", required: false);
        if (nodes.Count == 0)
        {
            return [.. DefaultFollowUpDays];
        }
        var days = new List<int>();
        foreach (var node in nodes)
        {
            if (node is not YamlScalarNode { Value: { } text } || !int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var day) || day < 7 || day > 365)
            {
                fm.Error(fm.LineOf(node), "Each follow-up day must be a whole number of days from 7 to 365 after completion.");
                return [.. DefaultFollowUpDays];
            }
            if (days.Count > 0 && day < days[^1] + 14)
            {
                // The one reminder comes 7 days after a nudge; the next follow-up must not overlap it.
                fm.Error(fm.LineOf(node), $"Follow-up days must increase by at least 14 days ({day} follows {days[^1]}).");
                return [.. DefaultFollowUpDays];
            }
            days.Add(day);
        }
        if (days.Count > 3)
        {
            fm.Error(fm.LineOfKey("follow_up_days"), "At most 3 follow-ups: more would read as nagging.");
            return [.. DefaultFollowUpDays];
        }
        return days;
    }

    private QuizPool? LoadQuiz(
        string contentRoot, string folder, FrontMatter fm, IReadOnlyList<Objective> objectives, IReadOnlyDictionary<string, int> objectiveLines,
        IReadOnlyDictionary<string, Reference> references, IncrementalHash hash, List<ContentError> errors)
    {
        var quizPath = Path.Combine(folder, QuizParser.FileName);
        var map = fm.Map("quiz");
        if (map is null)
        {
            if (File.Exists(quizPath))
            {
                fm.Error(fm.FirstLine, $"{QuizParser.FileName} exists but course.md has no 'quiz:' settings (passing_score, attempts_allowed, cooldown_minutes, reveal_answers, draw).");
            }
            return null;
        }
        const string context = " in quiz";
        fm.RejectUnknownKeys(map, ["passing_score", "attempts_allowed", "cooldown_minutes", "reveal_answers", "draw"], context);
        var passing = fm.Integer(map, "passing_score", true, 50, 100, context);
        var attempts = fm.Integer(map, "attempts_allowed", true, 1, 20, context);
        var cooldown = fm.Integer(map, "cooldown_minutes", true, 0, 10_080, context);
        var revealText = fm.String(map, "reveal_answers", true, context);
        RevealAnswers? reveal = revealText switch
        {
            "always" => RevealAnswers.Always,
            "after_passing" => RevealAnswers.AfterPassing,
            "never" => RevealAnswers.Never,
            _ => null,
        };
        if (revealText is not null && reveal is null)
        {
            fm.Error(fm.LineOf(map), "Field 'reveal_answers' in quiz must be always, after_passing or never.");
        }
        var draw = new Dictionary<string, (int Count, int Line)>();
        if (!map.Children.TryGetValue(new YamlScalarNode("draw"), out var drawNode) || drawNode is not YamlMappingNode drawMap)
        {
            fm.Error(fm.LineOf(map), "Field 'draw' in quiz must list each objective id with the number of questions to draw.");
        }
        else
        {
            foreach (var (key, value) in drawMap.Children)
            {
                if (key is not YamlScalarNode { Value: var objectiveId })
                {
                    fm.Error(fm.LineOf(key), "Each entry in 'draw' is an objective id, a colon and a number, e.g. obj-one: 2.");
                    continue;
                }
                objectiveId ??= "";
                if (!objectives.Any(o => o.Id == objectiveId))
                {
                    fm.Error(fm.LineOf(key), $"Draw names objective '{objectiveId}', which is not defined in 'objectives'.");
                }
                else if (value is not YamlScalarNode { Value: { } countText } || !int.TryParse(countText, out var count) || count is < 1 or > 50)
                {
                    fm.Error(fm.LineOf(key), $"Draw for '{objectiveId}' must be a whole number from 1 to 50.");
                }
                else
                {
                    draw[objectiveId] = (count, fm.LineOf(key));
                }
            }
            foreach (var missing in objectives.Where(o => !draw.ContainsKey(o.Id) && !drawMap.Children.ContainsKey(new YamlScalarNode(o.Id))))
            {
                fm.Error(fm.LineOf(drawMap), $"Draw does not cover objective '{missing.Id}': every objective is assessed in every attempt.");
            }
        }

        var quizFile = Relative(contentRoot, quizPath);
        if (!File.Exists(quizPath))
        {
            fm.Error(fm.LineOfKey("quiz"), $"course.md has quiz settings but {QuizParser.FileName} is missing.");
            return null;
        }
        var quizText = ContentText.Read(quizPath, quizFile, errors);
        if (quizText is null)
        {
            return null;
        }
        AppendToHash(hash, QuizParser.FileName, quizText);
        var quizErrorsAtStart = errors.Count;
        var (cases, questions) = quizParser.Parse(quizText, quizFile, objectives, references, errors);
        PersonFirstLanguage.Check(quizText, quizFile, errors);
        if (errors.Count == quizErrorsAtStart)
        {
            // Pool-level item-writing gates only on a pool that parsed cleanly: a half-read pool would skew the shares.
            ItemWritingRules.Check(questions, quizText, quizFile, errors);
        }
        // The planning record maps every objective to its questions (issue 22 item 3): an objective no question names is untested.
        foreach (var objective in objectives.Where(o => !questions.Any(q => q.ObjectiveIds.Contains(o.Id))))
        {
            fm.Error(objectiveLines[objective.Id], $"Objective '{objective.Id}' has no question: every objective needs at least one question in {QuizParser.FileName} that names it under 'Objectives:'.");
        }
        foreach (var (objectiveId, (count, line)) in draw)
        {
            var available = questions.Count(q => q.PrimaryObjective == objectiveId);
            if (available < count)
            {
                fm.Error(line, $"Draw asks for {count} question(s) on '{objectiveId}' but {QuizParser.FileName} has {available} with it as first objective.");
            }
        }
        if (passing is null || attempts is null || cooldown is null || reveal is null)
        {
            return null;
        }
        var settings = new QuizSettings(passing.Value, attempts.Value, cooldown.Value, reveal.Value,
            draw.OrderBy(d => objectives.ToList().FindIndex(o => o.Id == d.Key)).ToDictionary(d => d.Key, d => d.Value.Count));
        return new QuizPool(settings, cases, questions);
    }

    private ModuleDefinition? LoadModule(
        string contentRoot, string path, string text, int number, IReadOnlyList<Objective> objectives,
        IReadOnlyDictionary<string, Reference> references, IReadOnlyDictionary<string, string> moduleUrls, List<ContentError> errors)
    {
        var file = Relative(contentRoot, path);
        var fm = FrontMatter.Parse(text, file, errors);
        if (fm is null)
        {
            return null;
        }
        fm.RejectUnknownKeys(ModuleFields);
        var title = fm.String("title", required: true);
        var objectiveIds = new List<string>();
        foreach (var node in fm.List("objectives", required: false))
        {
            if (node is not YamlScalarNode { Value: { } objectiveId })
            {
                fm.Error(fm.LineOf(node), "Each module objective is an objective id from course.md.");
                continue;
            }
            if (!objectives.Any(o => o.Id == objectiveId))
            {
                fm.Error(fm.LineOf(node), $"Objective '{objectiveId}' is not defined in course.md.");
                continue;
            }
            objectiveIds.Add(objectiveId);
        }
        if (string.IsNullOrWhiteSpace(fm.Body))
        {
            fm.Error(fm.BodyLineOffset, "Module has no content after its front matter.");
        }
        var rendered = renderer.Render(fm.Body, file, fm.BodyLineOffset, references, moduleUrls, errors);
        var slug = ModuleFilePattern().Match(Path.GetFileName(path)).Groups[2].Value;
        return title is null ? null : new ModuleDefinition(number, Path.GetFileName(path), slug, title, objectiveIds, rendered.CitedReferenceIds, rendered.Html, rendered.WordCount);
    }

    private static void AppendToHash(IncrementalHash hash, string name, string text)
    {
        // Normalized line endings: a checkout on another OS must not change the hash.
        hash.AppendData(Encoding.UTF8.GetBytes($"{name}\n{text.Replace("\r\n", "\n", StringComparison.Ordinal)}\n\0"));
    }

    private static string Relative(string contentRoot, string path) =>
        Path.Combine("content", Path.GetRelativePath(contentRoot, path)).Replace('\\', '/');
}
