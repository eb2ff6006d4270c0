namespace ReferralTraining.Web.Features.Email;

public static class EmailExtensions
{
    public static WebApplicationBuilder AddEmail(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => !o.DevMailboxEnabled || builder.Environment.IsDevelopment(),
                "Email:DevMailboxEnabled may only be true in the Development environment.")
            .ValidateOnStart();
        builder.Services.AddScoped<EmailService>();
        builder.Services.AddScoped<SendEmailJob>();
        builder.Services.AddScoped<SendEmailBatchJob>();
        builder.Services.AddScoped<SweepEmailsJob>();
        builder.Services.AddSingleton<DevMailbox>();
        if (builder.Configuration.GetValue<bool>($"{EmailOptions.Section}:{nameof(EmailOptions.DevMailboxEnabled)}"))
        {
            builder.Services.AddHostedService<DevMailboxServer>();
        }
        return builder;
    }
}
