namespace ReferralTraining.Web.Features.Certificates;

/// <summary>"Do you intend to change your practice as a result of this course?" (stored by name: keep the names stable).</summary>
public enum IntentToChange
{
    Yes,
    No,
    AlreadyDoing,
    NotApplicable,
}
