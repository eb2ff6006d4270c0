using Microsoft.EntityFrameworkCore;
using ReferralTraining.IntegrationTests.Infrastructure;
using ReferralTraining.Tests.Shared;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Courses;
using Microsoft.Extensions.DependencyInjection;

namespace ReferralTraining.IntegrationTests.Features.Courses;

public sealed class ContentPublishingTests(AppFixture fixture) : AppTest(fixture)
{
    private const string CourseFile = "content/courses/sample-course/course.md";

    private static string CourseDir(string root) => Path.Combine(root, "courses", "sample-course");

    private async Task<(string Hash, string Version)> LiveVersionAsync() => await QueryAsync(db =>
        db.Courses.Where(c => c.Id == "sample-course").Join(db.CourseVersions, c => c.CurrentVersionId, v => v.Id, (c, v) => new { v.ContentHash, v.Version })
            .Select(v => new ValueTuple<string, string>(v.ContentHash, v.Version)).SingleAsync());

    [Fact]
    public async Task ValidCourse_IsPublishedOnce_AsAnImmutableVersionWithItsHash()
    {
        var root = RepoPaths.CopyFixtureContent();
        var first = await Factory.PublishContentAsync(root);
        Assert.Equal(["sample-course@1.0.0"], first.Published);
        Assert.Empty(first.Errors);

        var second = await Factory.PublishContentAsync(root);
        Assert.Empty(second.Published);
        Assert.Equal(["sample-course"], second.Unchanged);

        var version = await QueryAsync(db => db.CourseVersions.Include(v => v.Modules).SingleAsync());
        Assert.Equal(64, version.ContentHash.Length);
        Assert.Equal(2, version.Modules.Count);
        Assert.Equal(["obj-one", "obj-two"], version.Objectives.Select(o => o.Id));
        var firstModule = version.Modules.Single(m => m.Number == 1);
        Assert.Contains("href=\"/courses/sample-course/modules/2\"", firstModule.Html, StringComparison.Ordinal);
        Assert.Contains("href=\"#ref-smith-2020\"", firstModule.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", firstModule.Html, StringComparison.Ordinal);
        Assert.Equal(["smith-2020"], firstModule.CitedReferenceIds);
    }

    public static TheoryData<string, Action<string>, string> BrokenContent => new()
    {
        { "bad YAML", dir => Replace(dir, "course.md", "title: Sample course for tests", "title: [unclosed"), $"{CourseFile}:3: Invalid YAML" },
        { "unknown field", dir => Replace(dir, "course.md", "audience: Test clinicians.", "audience: Test clinicians.\ncolour: blue"), $"{CourseFile}:7: Unknown field 'colour'" },
        { "missing module", dir => File.Delete(Path.Combine(dir, "02-second.md")), $"{CourseFile}:19: Missing module: '02-second.md'" },
        { "unknown citation", dir => Replace(dir, "02-second.md", "A patient asks", "A patient asks [@nobody-1999]"), "content/courses/sample-course/02-second.md:9: Citation [@nobody-1999]" },
        { "bad indentation", dir => Replace(dir, "course.md", "audience: Test clinicians.", "audience: Test clinicians.\n  nested: : oops"), $"{CourseFile}:7: Invalid YAML" },
        { "missing required field", dir => Replace(dir, "course.md", "summary: A small valid course the tests copy and break on purpose.\n", ""), $"{CourseFile}:2: Missing required field 'summary'" },
    };

    [Theory]
    [MemberData(nameof(BrokenContent))]
    public async Task BrokenCourse_ReportsFileLineAndProblem_AndTheLiveVersionStays(string caseName, Action<string> breakIt, string expectedError)
    {
        var root = RepoPaths.CopyFixtureContent();
        await Factory.PublishContentAsync(root);
        var live = await LiveVersionAsync();

        breakIt(CourseDir(root));
        Replace(CourseDir(root), "course.md", "version: 1.0.0", "version: 1.1.0");
        var report = await Factory.PublishContentAsync(root);

        Assert.True(report.Errors.Any(e => e.ToString().StartsWith(expectedError, StringComparison.Ordinal)),
            $"{caseName}: expected an error starting '{expectedError}', got: {string.Join(" | ", report.Errors)}");
        Assert.Empty(report.Published);
        Assert.Equal(live, await LiveVersionAsync());
        Assert.Equal(1, await QueryAsync(db => db.CourseVersions.CountAsync()));
        var issues = await QueryAsync(db => db.ContentIssues.Select(i => i.File + ":" + i.Line + ": " + i.Message).ToListAsync());
        Assert.Contains(issues, i => i.StartsWith(expectedError, StringComparison.Ordinal));
    }

    [Fact]
    public async Task DuplicateCourseId_PublishesNeither_AndNamesBothFiles()
    {
        var root = RepoPaths.CopyFixtureContent();
        CopyDirectory(CourseDir(root), Path.Combine(root, "courses", "sample-copy"));
        var report = await Factory.PublishContentAsync(root);
        Assert.Empty(report.Published);
        var error = Assert.Single(report.Errors, e => e.File == "content/courses/sample-copy/course.md");
        Assert.Contains("Duplicate course id 'sample-course'", error.Message, StringComparison.Ordinal);
        Assert.Contains(CourseFile, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await QueryAsync(db => db.Courses.CountAsync()));
    }

    [Fact]
    public async Task ChangedContent_WithTheSameVersion_IsRefused()
    {
        var root = RepoPaths.CopyFixtureContent();
        await Factory.PublishContentAsync(root);
        var live = await LiveVersionAsync();
        Replace(CourseDir(root), "01-first.md", "Try it with your next patient.", "Try it with your next two patients.");
        var report = await Factory.PublishContentAsync(root);
        var error = Assert.Single(report.Errors);
        Assert.Contains("version 1.0.0 is already published", error.Message, StringComparison.Ordinal);
        Assert.Equal(live, await LiveVersionAsync());
    }

    [Fact]
    public async Task NewVersion_GoesLive_WhileEnrolledLearnersKeepTheirVersion()
    {
        var root = RepoPaths.CopyFixtureContent();
        await Factory.PublishContentAsync(root);
        var learner = await Factory.CreateUserAsync(Roles.Clinician);
        using (var scope = Factory.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<CourseService>().EnrollAsync(learner.Id, "sample-course", CancellationToken.None);
        }
        var v1 = await LiveVersionAsync();
        using var visitor = PageClient.For(Factory);
        Assert.Contains("version 1.0.0", (await visitor.GetAsync("/courses")).Document.QuerySelector(".card .meta")!.TextContent, StringComparison.Ordinal);

        Replace(CourseDir(root), "01-first.md", "Try it with your next patient.", "Try it with your next two patients.");
        Replace(CourseDir(root), "course.md", "version: 1.0.0", "version: 1.1.0");
        var report = await Factory.PublishContentAsync(root);
        Assert.Equal(["sample-course@1.1.0"], report.Published);
        var v2 = await LiveVersionAsync();
        Assert.Equal("1.1.0", v2.Version);
        Assert.NotEqual(v1.Hash, v2.Hash);
        // The catalog keeps each version's card, but asks on every view which version is current: the new one shows at once.
        Assert.Contains("version 1.1.0", (await visitor.GetAsync("/courses")).Document.QuerySelector(".card .meta")!.TextContent, StringComparison.Ordinal);

        var enrolledOn = await QueryAsync(db => db.Enrollments.Where(e => e.UserId == learner.Id)
            .Join(db.CourseVersions, e => e.CourseVersionId, v => v.Id, (e, v) => v.Version).SingleAsync());
        Assert.Equal("1.0.0", enrolledOn);
    }

    private static void Replace(string dir, string file, string from, string to)
    {
        var path = Path.Combine(dir, file);
        var text = File.ReadAllText(path);
        Assert.Contains(from, text, StringComparison.Ordinal);
        File.WriteAllText(path, text.Replace(from, to, StringComparison.Ordinal));
    }

    private static void CopyDirectory(string from, string to)
    {
        // The whole folder (scenarios too): the copy must be a valid course on its own, so only the id clashes.
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
        foreach (var folder in Directory.GetDirectories(from))
        {
            CopyDirectory(folder, Path.Combine(to, Path.GetFileName(folder)));
        }
    }
}
