using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using NetArchTest.Rules;
using ReferralTraining.Tests.Shared;
using ReferralTraining.Web.Data;

namespace ReferralTraining.UnitTests.Architecture;

/// <summary>
/// The area rules of ADR-023, checked on the compiled assembly (NetArchTest) and on the source (raw SQL):
/// nothing below the pages knows the pages, feature areas depend on each other without cycles, and an area
/// writes another area's tables only through that area's service. A new area (a new folder under Features)
/// is picked up without changing this file.
/// </summary>
public sealed partial class ArchitectureTests
{
    private const string Web = "ReferralTraining.Web";
    private const string Features = Web + ".Features";

    private static readonly Types Assembly = Types.InAssembly(typeof(AppDbContext).Assembly);

    /// <summary>
    /// Area dependencies that close a cycle today, each to be removed by the change named beside it. The test fails
    /// when a listed edge disappears (delete it here) as well as when a new cycle appears.
    /// </summary>
    private static readonly Dictionary<(string From, string To), string> KnownCycleEdges = new()
    {
        // None today. The last three went in December 2026: the quiz and scenario content models moved into
        // Courses.Content (a course version carries both), and check-content moved to Infrastructure.Content.
    };

    /// <summary>Raw writes to another area's table that exist today (file, table), each with the change that removes it.</summary>
    private static readonly Dictionary<(string File, string Table), string> KnownForeignWrites = new()
    {
    };

    [Theory]
    [InlineData(Features)]
    [InlineData(Web + ".Data")]
    [InlineData(Web + ".Infrastructure")]
    public void LayersBelowThePages_DoNotReferenceThePages(string layer)
    {
        var result = Assembly.That().ResideInNamespace(layer).ShouldNot().HaveDependencyOn(Web + ".Pages").GetResult();

        Assert.True(result.IsSuccessful, $"{layer} must not depend on {Web}.Pages, but these types do: " +
            string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void FeatureAreas_DependOnEachOther_WithoutCycles()
    {
        var edges = AreaDependencies();
        var cycles = Cycles(edges.Keys.Where(e => !KnownCycleEdges.ContainsKey(e)).ToList());

        // Each cycle as one path through it, then every dependency among its areas with the types that cause it.
        Assert.True(cycles.Count == 0, "Feature areas must not depend on each other in a cycle (ADR-023). Cycles:\n" + string.Join("\n",
            cycles.Select(c => string.Join(" -> ", c.Path) + " -> " + c.Path[0] + "\n  " + string.Join("\n  ",
                edges.Keys.Where(e => c.Members.Contains(e.From) && c.Members.Contains(e.To) && !KnownCycleEdges.ContainsKey(e)).Order()
                    .Select(e => $"{e.From} -> {e.To}: {string.Join(", ", edges[e].Take(5))}")))));
        var stale = KnownCycleEdges.Keys.Where(e => !edges.ContainsKey(e)).ToList();
        Assert.True(stale.Count == 0, "Listed as known but gone (remove from KnownCycleEdges): " + string.Join(", ", stale));
    }

    [Fact]
    public void RawSqlWrites_TouchOnlyTheWritingAreasOwnTables()
    {
        var owners = TableOwners();
        var source = Path.Combine(RepoPaths.Root, "src", Web);
        var found = new List<(string File, string Table, string Writer, string Owner, int Line)>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(source, "Features"), "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file).Replace('\\', '/');
            var writer = relative.Split('/')[1];
            var text = File.ReadAllText(file);
            foreach (Match match in RawWrite().Matches(text))
            {
                var table = match.Groups["table"].Value;
                if (owners.TryGetValue(table, out var owner) && owner != writer)
                {
                    found.Add((relative, table, writer, owner, text[..match.Index].Count(c => c == '\n') + 1));
                }
            }
        }

        var unexpected = found.Where(f => !KnownForeignWrites.ContainsKey((f.File, f.Table))).ToList();
        Assert.True(unexpected.Count == 0, "Write another area's tables through its service, not with raw SQL (ADR-023):\n" + string.Join("\n",
            unexpected.Select(f => $"{f.File}:{f.Line}: {f.Writer} writes {f.Table}, owned by {f.Owner}")));
        var stale = KnownForeignWrites.Keys.Where(k => !found.Any(f => (f.File, f.Table) == k)).ToList();
        Assert.True(stale.Count == 0, "Listed as known but gone (remove from KnownForeignWrites): " + string.Join(", ", stale));
    }

    [Fact]
    public void TheOwnershipMap_NamesAnAreaForEveryFeatureTable()
    {
        var owners = TableOwners();

        // A sample per area guards the map itself: an entity moved out of its area's namespace would show up here.
        Assert.Equal("Certificates", owners["credit_claims"]);
        Assert.Equal("Organizations", owners["notifications"]);
        Assert.Equal("PracticeChange", owners["follow_ups"]);
        Assert.Equal("Courses", owners["module_progress"]);
        Assert.Equal("Accounts", owners["AspNetUsers"]);
        Assert.Matches(RawWrite(), "INSERT INTO credit_claims (\"Id\") VALUES (1)");
        Assert.Matches(RawWrite(), "UPDATE follow_ups SET \"NudgedAt\" = now()");
        Assert.DoesNotMatch(RawWrite(), "ON CONFLICT DO UPDATE SET \"Items\" = 1");
    }

    /// <summary>Which area owns each table: the area whose namespace holds the entity mapped to it (the EF model is the map).</summary>
    private static Dictionary<string, string> TableOwners()
    {
        var options = new DbContextOptionsBuilder<AppDbContext>().UseNpgsql("Host=unused").Options;
        using var db = new AppDbContext(options);
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entity in db.Model.GetEntityTypes())
        {
            var table = entity.GetTableName();
            var ns = entity.ClrType.Namespace ?? "";
            // Identity's own types (users are Accounts' AppUser; roles, claims, tokens are Identity's) belong to Accounts.
            var area = ns.StartsWith(Features + ".", StringComparison.Ordinal) ? ns[(Features.Length + 1)..].Split('.')[0]
                : ns.StartsWith("Microsoft.AspNetCore.Identity", StringComparison.Ordinal) ? "Accounts" : null;
            if (table is not null && area is not null)
            {
                owners[table] = area;
            }
        }
        return owners;
    }

    /// <summary>Area A -> area B when a type in Features.A uses a type in Features.B, with the types that do.</summary>
    private static Dictionary<(string From, string To), IReadOnlyList<string>> AreaDependencies()
    {
        var areas = Assembly.That().ResideInNamespace(Features).GetTypes()
            .Select(t => t.Namespace!).Where(n => n.StartsWith(Features + ".", StringComparison.Ordinal))
            .Select(n => n[(Features.Length + 1)..].Split('.')[0]).Distinct().Order().ToList();
        Assert.True(areas.Count >= 9, "areas found: " + string.Join(", ", areas));
        var edges = new Dictionary<(string, string), IReadOnlyList<string>>();
        foreach (var from in areas)
        {
            foreach (var to in areas.Where(a => a != from))
            {
                var result = Assembly.That().ResideInNamespace($"{Features}.{from}").ShouldNot().HaveDependencyOn($"{Features}.{to}").GetResult();
                if (!result.IsSuccessful)
                {
                    edges[(from, to)] = result.FailingTypeNames.Select(n => n[(Features.Length + 1)..]).ToList();
                }
            }
        }
        return edges;
    }

    /// <summary>The strongly connected components with more than one area (Tarjan), each as an ordered cycle through its areas.</summary>
    private static List<(List<string> Path, HashSet<string> Members)> Cycles(IReadOnlyList<(string From, string To)> edges)
    {
        var next = edges.GroupBy(e => e.From).ToDictionary(g => g.Key, g => g.Select(e => e.To).Order().ToList());
        var nodes = edges.SelectMany(e => new[] { e.From, e.To }).Distinct().Order().ToList();
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var components = new List<List<string>>();
        void Visit(string v)
        {
            index[v] = low[v] = index.Count;
            stack.Push(v);
            foreach (var w in next.GetValueOrDefault(v) ?? [])
            {
                if (index.TryGetValue(w, out var seen))
                {
                    if (stack.Contains(w))
                    {
                        low[v] = Math.Min(low[v], seen);
                    }
                }
                else
                {
                    Visit(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
            }
            if (low[v] == index[v])
            {
                var component = new List<string>();
                string w;
                do
                {
                    w = stack.Pop();
                    component.Add(w);
                }
                while (w != v);
                if (component.Count > 1)
                {
                    components.Add(component);
                }
            }
        }
        foreach (var node in nodes.Where(n => !index.ContainsKey(n)))
        {
            Visit(node);
        }
        // Show each component as one path through its members, so the message reads as "A -> B -> C -> A".
        return components.Select(c => (OrderAsCycle(c, next), c.ToHashSet())).ToList();
    }

    private static List<string> OrderAsCycle(List<string> component, Dictionary<string, List<string>> next)
    {
        var members = component.ToHashSet();
        var start = component.Order().First();
        // Shortest path back to start through the component (BFS), which always exists in a strongly connected component.
        var previous = new Dictionary<string, string>();
        var queue = new Queue<string>([start]);
        while (queue.Count > 0)
        {
            var v = queue.Dequeue();
            foreach (var w in (next.GetValueOrDefault(v) ?? []).Where(members.Contains))
            {
                if (w == start)
                {
                    var path = new List<string> { v };
                    while (path[^1] != start)
                    {
                        path.Add(previous[path[^1]]);
                    }
                    path.Reverse();
                    return path;
                }
                if (previous.TryAdd(w, v))
                {
                    queue.Enqueue(w);
                }
            }
        }
        return component;
    }

    // Upper-case SQL verbs (as this code base writes SQL) followed by a table name, optionally schema-qualified and quoted.
    [GeneratedRegex("""\b(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+(?!SET\b)(?:"?\w+"?\.)?"?(?<table>[A-Za-z_][A-Za-z0-9_]*)"?\s""")]
    private static partial Regex RawWrite();
}
