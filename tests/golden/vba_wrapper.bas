Function norm(appendix, component, Optional work, Optional item, Optional lab_class)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        norm = XLPy.CallUDF("normbook.udfs", "norm", Array(appendix, component, work, item, lab_class), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        norm = XLPy.CallUDF("normbook.udfs", "norm", Array(appendix, component, work, item, lab_class))
        Exit Function
    #End If
failed:
    norm = Err.Description
End Function

Function norm_appendices()
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        norm_appendices = XLPy.CallUDF("normbook.udfs", "norm_appendices", Array(), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        norm_appendices = XLPy.CallUDF("normbook.udfs", "norm_appendices", Array())
        Exit Function
    #End If
failed:
    norm_appendices = Err.Description
End Function

Function norm_items(appendix, component)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        norm_items = XLPy.CallUDF("normbook.udfs", "norm_items", Array(appendix, component), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        norm_items = XLPy.CallUDF("normbook.udfs", "norm_items", Array(appendix, component))
        Exit Function
    #End If
failed:
    norm_items = Err.Description
End Function

Function norm_source(appendix, component, Optional work, Optional item, Optional lab_class)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        norm_source = XLPy.CallUDF("normbook.udfs", "norm_source", Array(appendix, component, work, item, lab_class), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        norm_source = XLPy.CallUDF("normbook.udfs", "norm_source", Array(appendix, component, work, item, lab_class))
        Exit Function
    #End If
failed:
    norm_source = Err.Description
End Function

Function norm_table(appendix, component, Optional lab_class)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        norm_table = XLPy.CallUDF("normbook.udfs", "norm_table", Array(appendix, component, lab_class), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        norm_table = XLPy.CallUDF("normbook.udfs", "norm_table", Array(appendix, component, lab_class))
        Exit Function
    #End If
failed:
    norm_table = Err.Description
End Function

