using System.Buffers;
using System.Net;
using Microsoft.Extensions.Options;
using MimeKit;
using SmtpServer;
using SmtpServer.ComponentModel;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace ReferralTraining.Web.Features.Email;

internal sealed class DevMailboxServer(DevMailbox mailbox, IOptions<EmailOptions> options, ILogger<DevMailboxServer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var serverOptions = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(b => b.Endpoint(new IPEndPoint(IPAddress.Loopback, settings.Port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new FolderStore(mailbox));
        logger.LogInformation("Development mailbox: SMTP on 127.0.0.1:{Port}, messages in {Folder}", settings.Port, mailbox.Folder);
        await new SmtpServer.SmtpServer(serverOptions, services).StartAsync(stoppingToken);
    }

    private sealed class FolderStore(DevMailbox mailbox) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            await mailbox.SaveAsync(buffer, cancellationToken);
            return SmtpResponse.Ok;
        }
    }
}
