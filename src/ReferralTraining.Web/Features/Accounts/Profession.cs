using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ReferralTraining.Web.Features.Accounts;

public enum Profession
{
    [Display(Name = "Counselor")] Counselor = 1,
    [Display(Name = "Physician")] Physician = 2,
    [Display(Name = "Nurse")] Nurse = 3,
    [Display(Name = "Psychologist")] Psychologist = 4,
    [Display(Name = "Social worker")] SocialWorker = 5,
    [Display(Name = "Peer specialist")] PeerSpecialist = 6,
    [Display(Name = "Other")] Other = 7,
}
