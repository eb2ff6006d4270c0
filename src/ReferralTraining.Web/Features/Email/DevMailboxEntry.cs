using System.Buffers;
using System.Net;
using Microsoft.Extensions.Options;
using MimeKit;
using SmtpServer;
using SmtpServer.ComponentModel;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace ReferralTraining.Web.Features.Email;

public sealed record DevMailboxEntry(string Id, DateTimeOffset Date, string To, string Subject, string TextBody);
