using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Sso;

namespace ReferralTraining.Web.Pages.Organizations;

/// <summary>Director: the organization's OpenID Connect provider (the folder's filter lets only its directors in).</summary>
public sealed class SingleSignOnModel(AppDbContext db, SsoDirectory directory, SsoConnectionTester tester, Infrastructure.Web.PublicLinks links)
    : SsoSettingsPageModel(db, directory, tester, links);
