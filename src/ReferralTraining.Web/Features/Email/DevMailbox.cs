using System.Buffers;
using System.Net;
using Microsoft.Extensions.Options;
using MimeKit;
using SmtpServer;
using SmtpServer.ComponentModel;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace ReferralTraining.Web.Features.Email;

/// <summary>
/// Development only: a real SMTP server inside the app (the run command's default), so mail goes
/// through a real SMTP conversation and lands in a folder the /dev/mailbox page reads.
/// </summary>
public sealed class DevMailbox(IOptions<EmailOptions> options, IWebHostEnvironment environment)
{
    public string Folder { get; } = Path.GetFullPath(Path.Combine(environment.ContentRootPath, options.Value.DevMailboxFolder));

    public async Task SaveAsync(ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Folder);
        var name = $"{DateTime.UtcNow:yyyyMMddHHmmssfff}-{Guid.NewGuid():N}.eml";
        await using var file = File.Create(Path.Combine(Folder, name));
        foreach (var segment in buffer)
        {
            await file.WriteAsync(segment, cancellationToken);
        }
    }

    public IReadOnlyList<DevMailboxEntry> List(int max = 50)
    {
        if (!Directory.Exists(Folder))
        {
            return [];
        }
        return Directory.EnumerateFiles(Folder, "*.eml")
            .OrderByDescending(f => Path.GetFileName(f), StringComparer.Ordinal)
            .Take(max)
            .Select(f =>
            {
                var message = MimeMessage.Load(f);
                return new DevMailboxEntry(Path.GetFileNameWithoutExtension(f), message.Date, message.To.ToString(), message.Subject ?? "", message.TextBody ?? "");
            })
            .ToList();
    }
}
