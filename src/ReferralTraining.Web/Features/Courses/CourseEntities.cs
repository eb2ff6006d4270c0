using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Courses.Content;
using ReferralTraining.Web.Features.Quizzes.Content;

namespace ReferralTraining.Web.Features.Courses;

/// <summary>A course by its stable id; what learners see is its current (latest good) version.</summary>
public sealed class Course
{
    public string Id { get; set; } = "";
    public Guid CurrentVersionId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>An immutable, published snapshot of a course. Enrolments, attempts and certificates point here.</summary>
public sealed class CourseVersion
{
    public Guid Id { get; set; }
    public string CourseId { get; set; } = "";
    public string Version { get; set; } = "";
    public string ContentHash { get; set; } = "";
    public string Title { get; set; } = "";
    public string Summary { get; set; } = "";
    public string Audience { get; set; } = "";
    public int EstimatedMinutes { get; set; }
    public DateOnly? ReleaseDate { get; set; }
    public DateOnly? ReviewDate { get; set; }
    public DateOnly? ExpiryDate { get; set; }
    public string OverviewHtml { get; set; } = "";
    public IReadOnlyList<Objective> Objectives { get; set; } = [];
    public IReadOnlyList<Reference> References { get; set; } = [];
    public IReadOnlyList<FacultyMember> Faculty { get; set; } = [];
    public IReadOnlyList<CreditOffer> Credits { get; set; } = [];
    public DateTimeOffset PublishedAt { get; set; }
    /// <summary>The question pool and quiz rules of this version, or null when the course has no quiz.</summary>
    public QuizPool? Quiz { get; set; }
    /// <summary>Referral practices a learner can commit to change, with tips for the follow-up nudges.</summary>
    public IReadOnlyList<PracticeDefinition> Practices { get; set; } = [];
    /// <summary>Days after completion at which commitments are followed up (the last earns practice credit).</summary>
    public List<int> FollowUpDays { get; set; } = [];
    public List<CourseModule> Modules { get; set; } = [];
}

public sealed class CourseModule
{
    public Guid Id { get; set; }
    public Guid CourseVersionId { get; set; }
    public int Number { get; set; }
    public string Slug { get; set; } = "";
    public string Title { get; set; } = "";
    public string Html { get; set; } = "";
    public List<string> ObjectiveIds { get; set; } = [];
    public List<string> CitedReferenceIds { get; set; } = [];
    public int WordCount { get; set; }
}

/// <summary>The latest validation problems per course folder, shown to admins.</summary>
public sealed class ContentIssue
{
    public long Id { get; set; }
    public string File { get; set; } = "";
    public int Line { get; set; }
    public string Message { get; set; } = "";
    public DateTimeOffset DetectedAt { get; set; }
}

public sealed class Enrollment
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public string CourseId { get; set; } = "";
    /// <summary>The version the learner enrolled in; they finish the content they started.</summary>
    public Guid CourseVersionId { get; set; }
    public DateTimeOffset EnrolledAt { get; set; }
    public DateTimeOffset? LastActivityAt { get; set; }
    public DateTimeOffset? ReadingCompletedAt { get; set; }
    public List<ModuleProgress> Progress { get; set; } = [];
}

public sealed class ModuleProgress
{
    public Guid EnrollmentId { get; set; }
    public int ModuleNumber { get; set; }
    public DateTimeOffset ReadAt { get; set; }
}

internal sealed class CourseConfiguration : IEntityTypeConfiguration<Course>
{
    public void Configure(EntityTypeBuilder<Course> b)
    {
        b.ToTable("courses");
        b.Property(c => c.Id).HasMaxLength(80);
        b.HasOne<CourseVersion>().WithMany().HasForeignKey(c => c.CurrentVersionId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CourseVersionConfiguration : IEntityTypeConfiguration<CourseVersion>
{
    public void Configure(EntityTypeBuilder<CourseVersion> b)
    {
        b.ToTable("course_versions");
        b.Property(v => v.CourseId).HasMaxLength(80).IsRequired();
        b.Property(v => v.Version).HasMaxLength(20).IsRequired();
        b.Property(v => v.ContentHash).HasMaxLength(64).IsFixedLength().IsRequired();
        b.Property(v => v.Title).HasMaxLength(200).IsRequired();
        b.Property(v => v.Objectives).HasJsonConversion();
        b.Property(v => v.References).HasJsonConversion();
        b.Property(v => v.Faculty).HasJsonConversion();
        b.Property(v => v.Credits).HasJsonConversion();
        b.Property(v => v.Quiz).HasJsonObjectConversion();
        b.Property(v => v.Practices).HasJsonConversion();
        // A published version number is never reused for different content.
        b.HasIndex(v => new { v.CourseId, v.Version }).IsUnique();
        b.HasMany(v => v.Modules).WithOne().HasForeignKey(m => m.CourseVersionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CourseModuleConfiguration : IEntityTypeConfiguration<CourseModule>
{
    public void Configure(EntityTypeBuilder<CourseModule> b)
    {
        b.ToTable("course_modules");
        b.Property(m => m.Slug).HasMaxLength(80).IsRequired();
        b.Property(m => m.Title).HasMaxLength(200).IsRequired();
        b.HasIndex(m => new { m.CourseVersionId, m.Number }).IsUnique();
    }
}

internal sealed class ContentIssueConfiguration : IEntityTypeConfiguration<ContentIssue>
{
    public void Configure(EntityTypeBuilder<ContentIssue> b)
    {
        b.ToTable("content_issues");
        b.Property(i => i.File).HasMaxLength(300).IsRequired();
        b.Property(i => i.Message).HasMaxLength(1000).IsRequired();
    }
}

internal sealed class EnrollmentConfiguration : IEntityTypeConfiguration<Enrollment>
{
    public void Configure(EntityTypeBuilder<Enrollment> b)
    {
        b.ToTable("enrollments");
        b.Property(e => e.CourseId).HasMaxLength(80).IsRequired();
        b.HasIndex(e => new { e.UserId, e.CourseId }).IsUnique();
        b.HasOne<AppUser>().WithMany().HasForeignKey(e => e.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Course>().WithMany().HasForeignKey(e => e.CourseId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<CourseVersion>().WithMany().HasForeignKey(e => e.CourseVersionId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(e => e.Progress).WithOne().HasForeignKey(p => p.EnrollmentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ModuleProgressConfiguration : IEntityTypeConfiguration<ModuleProgress>
{
    public void Configure(EntityTypeBuilder<ModuleProgress> b)
    {
        b.ToTable("module_progress");
        b.HasKey(p => new { p.EnrollmentId, p.ModuleNumber });
    }
}
