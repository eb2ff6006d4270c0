namespace ReferralTraining.Web.Features.Certificates;

public static class CertificatesExtensions
{
    public static WebApplicationBuilder AddCertificates(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<CertificatesOptions>().BindConfiguration(CertificatesOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.CreditTypes.ContainsKey(CreditRules.Participation), "Certificates:CreditTypes must define 'participation' (the certificate for everyone else).")
            .Validate(o => o.CreditTypes.Values.All(t => !string.IsNullOrWhiteSpace(t.Name) && !string.IsNullOrWhiteSpace(t.Unit) && !string.IsNullOrWhiteSpace(t.Statement) && t.Increment > 0),
                "Every Certificates:CreditTypes entry needs Name, Unit, Statement and a positive Increment.")
            .Validate(o => !o.OfferCreditWithPlaceholderPeople || !builder.Environment.IsProduction(),
                "Certificates:OfferCreditWithPlaceholderPeople may not be true in Production: fill in the people in control of content instead.")
            .ValidateOnStart();
        builder.Services.AddScoped<CreditService>();
        builder.Services.AddScoped<EvaluationSummaries>();
        builder.Services.AddScoped<CertificateIssuer>();
        builder.Services.AddScoped<StatusListAllocator>();
        builder.Services.AddScoped<IssueCertificateJob>();
        builder.Services.AddScoped<SweepClaimsJob>();
        builder.Services.AddScoped<IssueClaimsBatchJob>();
        builder.Services.AddScoped<CertificateStatusService>();
        builder.Services.AddScoped<ICredentialSigner, OpenBadgeSigner>();
        builder.Services.AddScoped<Credentials.IRevokedIndexSource, RevokedCertificates>();
        return builder;
    }
}
