namespace ReferralTraining.Web.Infrastructure.Web;

/// <summary>
/// The second step of a destructive action (issue 20): the first POST only validates and shows this page, saying what
/// cannot be undone; the action runs on the POST that carries <c>Confirmed=true</c>. Plain forms, so it works without
/// JavaScript, and the confirming form carries its own antiforgery token.
/// </summary>
/// <param name="Title">The question as a heading, e.g. "Revoke certificate ABCD-EFGH?".</param>
/// <param name="What">What will happen, in plain words.</param>
/// <param name="CannotUndo">What cannot be undone afterwards.</param>
/// <param name="ConfirmLabel">The confirming button, naming the action ("Revoke permanently").</param>
/// <param name="Action">Where the confirming form posts (this page, with its handler).</param>
/// <param name="CancelHref">Where "Cancel" goes back to, without acting.</param>
/// <param name="Fields">The values of the first POST, posted again as hidden fields.</param>
public sealed record ConfirmStep(string Title, string What, string CannotUndo, string ConfirmLabel, string Action, string CancelHref,
    IReadOnlyList<KeyValuePair<string, string>> Fields)
{
    /// <summary>The form field that turns the first POST into the confirmed one.</summary>
    public const string ConfirmedField = "Confirmed";
}
