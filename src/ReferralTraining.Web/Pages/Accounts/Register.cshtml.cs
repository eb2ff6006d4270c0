using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using ReferralTraining.Web.Features.Accounts;

namespace ReferralTraining.Web.Pages.Accounts;

[EnableRateLimiting(AccountsExtensions.PublicFormsRateLimit)]
public sealed class RegisterModel(AccountService accounts) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your e-mail address.")]
        [EmailAddress(ErrorMessage = "Enter an e-mail address like name@example.org.")]
        [StringLength(256, ErrorMessage = "E-mail address must be 256 characters or fewer.")]
        [Display(Name = "E-mail address")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Enter your given (first) name.")]
        [StringLength(100, ErrorMessage = "Given name must be 100 characters or fewer.")]
        [Display(Name = "Given (first) name")]
        public string GivenName { get; set; } = "";

        [StringLength(100, ErrorMessage = "Middle name must be 100 characters or fewer.")]
        [Display(Name = "Middle name")]
        public string? MiddleName { get; set; }

        [Required(ErrorMessage = "Enter your family (last) name.")]
        [StringLength(100, ErrorMessage = "Family name must be 100 characters or fewer.")]
        [Display(Name = "Family (last) name")]
        public string FamilyName { get; set; } = "";

        [StringLength(20, ErrorMessage = "Suffix must be 20 characters or fewer.")]
        [Display(Name = "Suffix (Jr., III)")]
        public string? Suffix { get; set; }

        [Required(ErrorMessage = "Choose a password.")]
        [StringLength(256, MinimumLength = 12, ErrorMessage = "Use at least 12 characters for your password.")]
        [Display(Name = "Password")]
        public string Password { get; set; } = "";

        [Required(ErrorMessage = "Type your password again.")]
        [Compare(nameof(Password), ErrorMessage = "The two passwords do not match.")]
        [Display(Name = "Confirm password")]
        public string ConfirmPassword { get; set; } = "";
    }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var errors = await accounts.RegisterAsync(
            new RegistrationRequest(Input.Email, Input.Password, Input.GivenName, Input.MiddleName, Input.FamilyName, Input.Suffix), ct);
        if (errors.Count > 0)
        {
            foreach (var error in errors)
            {
                ModelState.AddModelError(string.IsNullOrEmpty(error.Field) ? "" : $"Input.{error.Field}", error.Message);
            }
            return Page();
        }
        return RedirectToPage("/Accounts/RegisterConfirmation", new { email = Input.Email.Trim() });
    }
}
