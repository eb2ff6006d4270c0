namespace ReferralTraining.Web.Features.Courses.Content.Planning;

/// <summary>
/// Outcome levels after Moore, Green and Gallis (2009), as ACCME's PARS asks of an activity: which it was designed to
/// change and which it measured. Stored as these strings (planning.yaml, JSON): keep them stable.
/// </summary>
public static class MooreLevels
{
    public const string Knowledge = "knowledge";
    public const string Competence = "competence";
    public const string Performance = "performance";
    public const string PatientOutcomes = "patient-outcomes";

    public static readonly string[] All = [Knowledge, Competence, Performance, PatientOutcomes];

    /// <summary>The instruments this product has, each tied to the data it produces.</summary>
    public const string Quiz = "quiz";
    public const string Scenarios = "scenarios";
    public const string FollowUps = "follow-ups";
    public const string Evaluation = "evaluation";

    public static readonly string[] Measures = [Quiz, Scenarios, FollowUps, Evaluation];

    public static string Label(string level) => level switch
    {
        Knowledge => "Knowledge",
        Competence => "Competence",
        Performance => "Performance",
        PatientOutcomes => "Patient outcomes",
        _ => level,
    };

    public static string MeasureLabel(string measure) => measure switch
    {
        Quiz => "Quiz",
        Scenarios => "Practice scenarios",
        FollowUps => "Practice-change follow-ups",
        Evaluation => "Course evaluation",
        _ => measure,
    };
}
