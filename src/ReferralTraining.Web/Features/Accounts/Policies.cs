namespace ReferralTraining.Web.Features.Accounts;

/// <summary>Authorization policy names; pages and APIs ask for a policy, never a role string.</summary>
public static class Policies
{
    public const string Clinician = "Clinician";
    public const string ProgramDirector = "ProgramDirector";
    public const string CredentialingBody = "CredentialingBody";
    public const string Admin = "Admin";
}
