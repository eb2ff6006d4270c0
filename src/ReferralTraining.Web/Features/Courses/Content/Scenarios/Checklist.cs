using ReferralTraining.Web.Features.Courses.Content;

namespace ReferralTraining.Web.Features.Courses.Content.Scenarios;

/// <summary>
/// A fidelity checklist for one method (content/checklists/&lt;id&gt;.yaml), shared by the scenarios of any course.
/// <see cref="SourceText"/> is the file as read: courses that use the checklist hash it into their version.
/// </summary>
public sealed record Checklist(
    string Id,
    string Title,
    string Method,
    string DescriptionHtml,
    IReadOnlyList<Reference> References,
    IReadOnlyList<ChecklistItem> Items,
    string File,
    string SourceText);
