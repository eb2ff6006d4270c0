using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using ReferralTraining.Web.Features.Courses.Content.Quizzes;

namespace ReferralTraining.Web.Features.Quizzes.Interop;

/// <param name="WeightChanges">Questions converted with other weights than the GIFT file gave, and how (quiz.md has no per-answer weights).</param>
public sealed record GiftImport(PortablePool Pool, IReadOnlyList<SkippedQuestion> Skipped, IReadOnlyList<WeightChange> WeightChanges);
