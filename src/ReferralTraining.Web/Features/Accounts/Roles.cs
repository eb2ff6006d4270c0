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

/// <summary>Authorization policy names; pages and APIs ask for a policy, never a role string.</summary>
public static class Policies
{
    public const string Clinician = "Clinician";
    public const string ProgramDirector = "ProgramDirector";
    public const string CredentialingBody = "CredentialingBody";
    public const string Admin = "Admin";
}
