using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;

namespace ReferralTraining.Web.Pages.Accounts;

[Authorize]
public sealed class ProfileModel(AppDbContext db, AccountService accounts) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public string Email { get; private set; } = "";
    public bool TwoFactorEnabled { get; private set; }

    public sealed class InputModel
    {
        [Display(Name = "Given (first) name")]
        public string? GivenName { get; set; }

        [Display(Name = "Middle name")]
        public string? MiddleName { get; set; }

        [Display(Name = "Family (last) name")]
        public string? FamilyName { get; set; }

        [Display(Name = "Suffix (Jr., III)")]
        public string? Suffix { get; set; }

        [Display(Name = "Profession")]
        public string? Profession { get; set; }

        [Display(Name = "Which profession?")]
        public string? ProfessionOther { get; set; }

        [Display(Name = "Time zone")]
        public string? TimeZoneId { get; set; } = "America/New_York";

        public List<LicenseRow> Licenses { get; set; } = [];
    }

    public sealed class LicenseRow
    {
        [Display(Name = "Issuing state or board")]
        public string? IssuingAuthority { get; set; }

        [Display(Name = "License or certification number")]
        public string? Number { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var userId = User.UserId();
        var user = await db.Users.AsNoTracking().Include(u => u.Licenses).SingleAsync(u => u.Id == userId, ct);
        Email = user.Email ?? "";
        TwoFactorEnabled = user.TwoFactorEnabled;
        Input = new InputModel
        {
            GivenName = user.GivenName,
            MiddleName = user.MiddleName,
            FamilyName = user.FamilyName,
            Suffix = user.Suffix,
            Profession = user.Profession?.ToString(),
            ProfessionOther = user.ProfessionOther,
            TimeZoneId = user.TimeZoneId,
            Licenses = user.Licenses.OrderBy(l => l.IssuingAuthority).Select(l => new LicenseRow { IssuingAuthority = l.IssuingAuthority, Number = l.Number }).ToList(),
        };
        Input.Licenses.Add(new LicenseRow());
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var userId = User.UserId();
        Email = User.Identity?.Name ?? "";
        TwoFactorEnabled = await db.Users.Where(u => u.Id == userId).Select(u => u.TwoFactorEnabled).SingleAsync(ct);
        Profession? profession = null;
        if (!string.IsNullOrEmpty(Input.Profession))
        {
            if (Enum.TryParse<Profession>(Input.Profession, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(Input.Profession, out _))
            {
                profession = parsed;
            }
            else
            {
                ModelState.AddModelError("Input.Profession", "Choose your profession from the list.");
            }
        }
        // A row with both fields empty is "no license here" (also how a license is removed).
        var rows = Input.Licenses.Select((row, index) => (row, index))
            .Where(r => !string.IsNullOrWhiteSpace(r.row.IssuingAuthority) || !string.IsNullOrWhiteSpace(r.row.Number)).ToList();
        var update = new ProfileUpdate(Input.GivenName ?? "", Input.MiddleName, Input.FamilyName ?? "", Input.Suffix, profession, Input.ProfessionOther,
            Input.TimeZoneId ?? "", rows.Select(r => new LicenseInput(r.row.IssuingAuthority ?? "", r.row.Number ?? "")).ToList());
        var errors = ModelState.IsValid ? await accounts.UpdateProfileAsync(userId, update, ct) : AccountService.ValidateProfile(update);
        if (!ModelState.IsValid || errors.Count > 0)
        {
            foreach (var error in errors.Where(e => e.Field != nameof(ProfileUpdate.Profession) || ModelState.IsValid))
            {
                ModelState.AddModelError($"Input.{MapLicenseIndex(error.Field, rows.Select(r => r.index).ToList())}", error.Message);
            }
            if (Input.Licenses.Count == 0 || Input.Licenses.All(l => !string.IsNullOrWhiteSpace(l.Number)))
            {
                Input.Licenses.Add(new LicenseRow());
            }
            return Page();
        }
        TempData["Status"] = "Your profile is saved.";
        return RedirectToPage();
    }

    /// <summary>Service errors index the non-empty rows; the page shows them on the row the person typed in.</summary>
    private static string MapLicenseIndex(string field, List<int> rowIndexes)
    {
        if (!field.StartsWith("Licenses[", StringComparison.Ordinal))
        {
            return field;
        }
        var close = field.IndexOf(']', StringComparison.Ordinal);
        var index = int.Parse(field[9..close], System.Globalization.CultureInfo.InvariantCulture);
        return $"Licenses[{rowIndexes[index]}]{field[(close + 1)..]}";
    }
}
