using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;

namespace ReferralTraining.Web.Features.Verification;

/// <summary>A field-level problem: the field's name (for the page) and a sentence saying what to do.</summary>
public sealed record ConsentError(string Field, string Message);
