namespace ReferralTraining.Web.Features.Organizations;

public static class InvitationLinks
{
    /// <summary>Builds the absolute accept link for a token from the current request's origin.</summary>
    public static Func<string, string> For(HttpRequest request) =>
        token => $"{request.Scheme}://{request.Host}/invitations/accept?token={Uri.EscapeDataString(token)}";
}
