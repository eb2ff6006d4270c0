using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using ReferralTraining.Web.Features.Accounts;

namespace ReferralTraining.Web.Pages.Accounts;

[EnableRateLimiting(AccountsExtensions.PublicFormsRateLimit)]
public sealed class ForgotPasswordModel(AccountService accounts) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Enter your e-mail address.")]
    [EmailAddress(ErrorMessage = "Enter an e-mail address like name@example.org.")]
    [Display(Name = "E-mail address")]
    public string Email { get; set; } = "";

    public bool Sent { get; private set; }

    public void OnGet()
    {
    }

    public IActionResult OnPost()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }
        accounts.RequestPasswordReset(Email);
        Sent = true;
        return Page();
    }
}
