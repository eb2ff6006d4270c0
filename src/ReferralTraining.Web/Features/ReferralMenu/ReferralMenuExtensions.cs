using Microsoft.Extensions.Options;
using ReferralTraining.Web.Features.Courses;
using ReferralTraining.Web.Features.Courses.Content;

namespace ReferralTraining.Web.Features.ReferralMenu;

public static class ReferralMenuExtensions
{
    public static WebApplicationBuilder AddReferralMenu(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ReferralMenuProvider>();
        return builder;
    }
}
