using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Sso;
using ReferralTraining.Web.Pages.Organizations;

namespace ReferralTraining.Web.Pages.Admin;

/// <summary>Admin: any organization's OpenID Connect provider, with the director's form and validation.</summary>
public sealed class OrganizationSsoModel(AppDbContext db, SsoDirectory directory, SsoConnectionTester tester, Infrastructure.Web.PublicLinks links)
    : SsoSettingsPageModel(db, directory, tester, links);
