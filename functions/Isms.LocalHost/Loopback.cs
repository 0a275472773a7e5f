using System.Net;
using System.Net.Sockets;

namespace Isms.LocalHost;

/// <summary>Free ports and listening checks on 127.0.0.1, for Azurite and for the tests that start things on it.</summary>
public static class Loopback
{
    /// <summary>A port nothing listens on right now (the OS picks it); someone else may take it before you do.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task<bool> IsListeningAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port).ConfigureAwait(false);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
