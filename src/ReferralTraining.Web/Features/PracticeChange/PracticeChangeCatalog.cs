using System.ComponentModel.DataAnnotations;

namespace ReferralTraining.Web.Features.PracticeChange;

/// <summary>Fixed vocabularies: stable ids so answers aggregate across courses and over time.</summary>
public static class PracticeChangeCatalog
{
    /// <summary>Common barriers to referral practice change, offered as choices beside free text.</summary>
    public static readonly IReadOnlyList<Barrier> Barriers =
    [
        new("time", "Not enough time in sessions"),
        new("patient-declined", "Patients were not interested or declined"),
        new("no-suitable-group", "No suitable group nearby or online"),
        new("no-contacts", "No group members or volunteers to connect patients with"),
        new("unsure-how", "I was unsure how to do it"),
        new("workflow", "Program workflow or policy got in the way"),
        new("few-patients", "Few patients it applied to"),
        new("other", "Something else"),
    ];

    /// <summary>
    /// The program self-check: does the program's practice really support mutual-help involvement? Built from the
    /// founding white paper's advice that even "12-step oriented" programs evaluate their practices, and from the
    /// practical checklist the courses teach. Each item names the course that addresses a gap.
    /// </summary>
    public static readonly IReadOnlyList<SelfCheckQuestion> SelfCheck =
    [
        new("link-in-session", "Do staff connect patients with a group member or volunteer during the session, rather than only handing out a meeting list?", "intensive-referral"),
        new("specific-meeting", "Do referrals name a specific meeting (day, time, place, type)?", "intensive-referral"),
        new("follow-up-visits", "At later visits, do staff ask about attendance and involvement and help solve barriers?", "validated-referral-methods"),
        new("active-involvement", "Do staff encourage active involvement (talking with members, a sponsor or mentor, service), not only attendance?", "validated-referral-methods"),
        new("menu", "Are patients offered a menu that includes non-12-step groups (for example SMART Recovery, Women for Sobriety, SOS), and told that some people recover without any group?", "non-12-step-alternatives"),
        new("families", "Are family members referred to family groups such as Al-Anon, or to CRAFT?", "families"),
        new("cultural-fit", "Do staff consider cultural fit (language, gender, sexual orientation, beliefs) and know where specialty meetings are held?", "cultural-diversity"),
        new("co-occurring", "Are patients with co-occurring psychiatric disorders offered dual-focus groups and prepared for attitudes to medication in groups?", "co-occurring-disorders"),
        new("medications", "Are patients with an opioid or alcohol use disorder offered medication alongside mutual help (never as a condition of attending), prepared for views on medication at meetings, and given naloxone where opioids are involved?", "medications-and-mutual-help"),
        new("continuing-care", "Is mutual help planned as continuing care after discharge, alongside (not instead of) professional treatment?", "continuing-care"),
        new("non-specialty", "Where the program serves medical or justice settings, are referrals made there too, with alternatives rather than forced attendance?", "non-specialty-and-justice-settings"),
    ];

    public static readonly IReadOnlyList<string> SelfCheckAnswers = ["yes", "partly", "no"];
}
