namespace ReferralTraining.Web.Features.Accounts;

/// <summary>Role names: the only place they are spelled.</summary>
public static class Roles
{
    public const string Clinician = "Clinician";
    public const string ProgramDirector = "ProgramDirector";
    public const string CredentialingBody = "CredentialingBody";
    public const string Admin = "Admin";

    public static readonly IReadOnlyList<string> All = [Clinician, ProgramDirector, CredentialingBody, Admin];
}
