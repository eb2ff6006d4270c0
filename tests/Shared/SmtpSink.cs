using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace ReferralTraining.Tests.Shared;

/// <summary>A real SMTP server on a free loopback port; the app's mail reaches it through MailKit.</summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly ConcurrentQueue<MimeMessage> messages = new();
    private readonly CancellationTokenSource stop = new();
    private readonly Task running;

    /// <param name="delayPerMessage">Time each accepted message takes (slows delivery so tests can stop an app mid-send).</param>
    public SmtpSink(TimeSpan? delayPerMessage = null)
    {
        Port = FreePort();
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(b => b.Endpoint(new IPEndPoint(IPAddress.Loopback, Port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(messages, delayPerMessage ?? TimeSpan.Zero));
        running = new SmtpServer.SmtpServer(options, services).StartAsync(stop.Token);
    }

    public int Port { get; }

    public IReadOnlyList<MimeMessage> Messages => messages.ToList();

    /// <summary>Waits for a message to the address (mail is sent by a background job, so it arrives a little later).</summary>
    public async Task<MimeMessage> WaitForMessageAsync(string to, Func<MimeMessage, bool>? match = null, TimeSpan? timeout = null)
    {
        return await Eventually.MatchAsync(
            () => Task.FromResult(messages.LastOrDefault(m => m.To.Mailboxes.Any(a => string.Equals(a.Address, to, StringComparison.OrdinalIgnoreCase)) && (match?.Invoke(m) ?? true))),
            found => found is not null, $"an e-mail to {to} over SMTP", timeout,
            () => Task.FromResult("Received: " + string.Join(", ", messages.Select(m => $"{m.To} '{m.Subject}'")))) ?? throw new InvalidOperationException();
    }

    /// <summary>The first absolute link in the plain-text part that contains the given path.</summary>
    public static string LinkIn(MimeMessage message, string pathContains)
    {
        var text = message.TextBody ?? "";
        var link = text.Split([' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(t => t.StartsWith("http", StringComparison.Ordinal) && t.Contains(pathContains, StringComparison.Ordinal));
        return link ?? throw new InvalidOperationException($"No link containing '{pathContains}' in: {text}");
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            await running;
        }
        catch (OperationCanceledException)
        {
        }
        stop.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class Store(ConcurrentQueue<MimeMessage> messages, TimeSpan delay) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, cancellationToken);
            }
            await using var stream = new MemoryStream(buffer.ToArray());
            messages.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }
}
