using Isms.Functions.Pages;
using Isms.Functions.Platform;

namespace Isms.IntegrationTests.Host;

/// <summary>Links in mails and Teams cards: straight to the page locally, through the sign-in in Azure.</summary>
public sealed class LinkTests
{
    [Fact]
    public void Without_a_sign_in_path_a_link_opens_the_page()
    {
        var isms = new IsmsOptions { PublicBaseUrl = "http://127.0.0.1:7071/" };
        Assert.Equal("http://127.0.0.1:7071/actions/CA-000001", isms.Link(PagePaths.Action("CA-000001")).ToString());
    }

    [Fact]
    public void With_a_sign_in_path_a_link_signs_the_person_in_and_then_opens_the_page()
    {
        var isms = new IsmsOptions { PublicBaseUrl = "https://isms.example.net", SignInPath = "/.auth/login/aad" };
        var link = isms.Link(PagePaths.Controls);
        Assert.Equal("https://isms.example.net/.auth/login/aad?post_login_redirect_uri=%2Fcontrols", link.AbsoluteUri);
        Assert.Equal("/controls", Uri.UnescapeDataString(link.Query["?post_login_redirect_uri=".Length..]));
    }

    [Fact]
    public void A_path_in_front_of_the_app_is_kept_in_the_page_the_sign_in_returns_to()
    {
        var isms = new IsmsOptions { PublicBaseUrl = "https://gateway.example.net/isms/", SignInPath = "/.auth/login/aad" };
        var link = isms.Link(PagePaths.Action("CA-1 #EXT#"));
        Assert.Equal("/isms/actions/CA-1%20%23EXT%23", Uri.UnescapeDataString(link.Query["?post_login_redirect_uri=".Length..]));
    }
}
