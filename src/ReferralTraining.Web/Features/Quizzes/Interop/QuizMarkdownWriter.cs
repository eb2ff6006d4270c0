using System.Text;
using System.Text.RegularExpressions;
using ReferralTraining.Web.Features.Courses.Content.Quizzes;

namespace ReferralTraining.Web.Features.Quizzes.Interop;

/// <summary>
/// Writes a pool as quiz.md (format in docs/authoring.md), so that converted questions are reviewed in a
/// pull request like any other content. <see cref="QuizParser"/> reads the result back unchanged.
/// </summary>
public static partial class QuizMarkdownWriter
{
    // Stem and case lines the quiz.md parser would take for structure. One leading space hides them from
    // the parser and changes nothing in Markdown (up to three spaces of indent are ignored).
    [GeneratedRegex(@"^(##\s+(Case|Question):|- \[[ xX]\]\s|Feedback( if true| if false)?:)")]
    private static partial Regex StructuralLine();

    // In an ordering question a numbered line is a step.
    [GeneratedRegex(@"^\d+\.\s")]
    private static partial Regex StepLine();

    [GeneratedRegex(@"\s*\n\s*")]
    private static partial Regex LineBreak();

    /// <param name="defaultObjective">For questions that name no objective (imports from other systems).</param>
    /// <param name="defaultSource">For questions that name no source.</param>
    public static string Write(PortablePool pool, string defaultObjective, string defaultSource)
    {
        var text = new StringBuilder();
        foreach (var quizCase in pool.Cases)
        {
            text.Append("## Case: ").Append(quizCase.Id).Append('\n');
            AppendBlock(text, quizCase.Text, ordering: false);
            text.Append('\n');
        }
        foreach (var question in pool.Questions)
        {
            text.Append("## Question: ").Append(question.Id).Append('\n');
            text.Append("Type: ").Append(TypeName(question.Type)).Append('\n');
            text.Append("Objectives: ").AppendJoin(", ", question.ObjectiveIds.Count > 0 ? question.ObjectiveIds : [defaultObjective]).Append('\n');
            text.Append("Sources: ").AppendJoin(", ", question.SourceIds.Count > 0 ? question.SourceIds : [defaultSource]).Append('\n');
            if (question.CaseId is not null)
            {
                text.Append("Case: ").Append(question.CaseId).Append('\n');
            }
            if (question.KeepOrder)
            {
                text.Append("Keep option order: yes\n");
            }
            if (question.Type == QuestionType.Multiple)
            {
                text.Append("Scoring: ").Append(question.Scoring == MultipleScoring.Partial ? "partial" : "all-or-nothing").Append('\n');
            }
            if (question.Type == QuestionType.TrueFalse)
            {
                text.Append("Answer: ").Append(question.Options[0].Correct ? "true" : "false").Append('\n');
            }
            text.Append('\n');
            AppendBlock(text, question.Stem, question.Type == QuestionType.Ordering);
            text.Append('\n');

            switch (question.Type)
            {
                case QuestionType.TrueFalse:
                    AppendLine(text, "Feedback if true: ", question.Options[0].Feedback);
                    AppendLine(text, "Feedback if false: ", question.Options[1].Feedback);
                    break;
                default:
                    for (var i = 0; i < question.Options.Count; i++)
                    {
                        var option = question.Options[i];
                        text.Append(question.Type == QuestionType.Ordering ? $"{i + 1}. " : option.Correct ? "- [x] " : "- [ ] ")
                            .Append(OneLine(option.Text)).Append('\n');
                        AppendLine(text, question.Type == QuestionType.Ordering ? "   Feedback: " : "  Feedback: ", option.Feedback);
                    }
                    break;
            }
            if (question.GeneralFeedback.Length > 0)
            {
                text.Append('\n');
                AppendLine(text, "Feedback: ", question.GeneralFeedback);
            }
            text.Append('\n');
        }
        return text.ToString().TrimEnd('\n') + "\n";
    }

    private static string TypeName(QuestionType type) => type switch
    {
        QuestionType.Single => "single",
        QuestionType.Multiple => "multiple",
        QuestionType.TrueFalse => "true-false",
        QuestionType.Ordering => "ordering",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    private static void AppendBlock(StringBuilder text, string markdown, bool ordering)
    {
        foreach (var line in markdown.Trim().Split('\n'))
        {
            var structural = StructuralLine().IsMatch(line) || (ordering && StepLine().IsMatch(line));
            text.Append(string.IsNullOrWhiteSpace(line) ? "" : structural ? " " + line : line).Append('\n');
        }
    }

    private static void AppendLine(StringBuilder text, string prefix, string value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            text.Append(prefix).Append(OneLine(value)).Append('\n');
        }
    }

    /// <summary>Options and feedback are one line each in quiz.md; a line break inside them reads as a space.</summary>
    public static string OneLine(string text) => LineBreak().Replace(text.Trim(), " ");
}
