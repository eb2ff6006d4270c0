using System.Security.Claims;

namespace ReferralTraining.Web.Features.Accounts;

/// <summary>
/// The signed-in person's id, read from the cookie's claims. Pages use this rather than a UserManager: the claim is
/// already decrypted and validated by the cookie handler, and building a UserManager (with its store and DbContext)
/// for one string is a large part of a signed-in request's cost.
/// </summary>
public static class SignedInUser
{
    /// <summary>The id of a signed-in person; only for code behind an authorization policy.</summary>
    public static Guid UserId(this ClaimsPrincipal user) =>
        user.TryGetUserId() ?? throw new InvalidOperationException("No signed-in person: this code must run behind an authorization policy.");

    /// <summary>The id of the signed-in person, or null for an anonymous request.</summary>
    public static Guid? TryGetUserId(this ClaimsPrincipal? user) =>
        Guid.TryParse(user?.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;
}
