using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ReferralTraining.Web.Features.Accounts;

/// <summary>A professional license or certification, as a board would look it up.</summary>
public sealed class License
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    /// <summary>Issuing state or board, e.g. "California Board of Behavioral Sciences" or "NY".</summary>
    public string IssuingAuthority { get; set; } = "";
    public string Number { get; set; } = "";
}
