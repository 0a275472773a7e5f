// The [Function] methods of this assembly (Host/HostTestFunctions.cs) are served by every TestHost beside the app's.
[assembly: Isms.TestSupport.TestFunctions]
