Function exam_date(year, period, event_name)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        exam_date = XLPy.CallUDF("normbook.udfs", "exam_date", Array(year, period, event_name), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        exam_date = XLPy.CallUDF("normbook.udfs", "exam_date", Array(year, period, event_name))
        Exit Function
    #End If
failed:
    exam_date = Err.Description
End Function

Function exam_open_period(on_date)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        exam_open_period = XLPy.CallUDF("normbook.udfs", "exam_open_period", Array(on_date), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        exam_open_period = XLPy.CallUDF("normbook.udfs", "exam_open_period", Array(on_date))
        Exit Function
    #End If
failed:
    exam_open_period = Err.Description
End Function

Function exam_periods(year)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        exam_periods = XLPy.CallUDF("normbook.udfs", "exam_periods", Array(year), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        exam_periods = XLPy.CallUDF("normbook.udfs", "exam_periods", Array(year))
        Exit Function
    #End If
failed:
    exam_periods = Err.Description
End Function

Function labour_rate(rank_code, grade, year, Optional on_costs_percent)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        labour_rate = XLPy.CallUDF("normbook.udfs", "labour_rate", Array(rank_code, grade, year, on_costs_percent), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        labour_rate = XLPy.CallUDF("normbook.udfs", "labour_rate", Array(rank_code, grade, year, on_costs_percent))
        Exit Function
    #End If
failed:
    labour_rate = Err.Description
End Function

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

Function norm_cost(appendix, component, prices, year, Optional lab_class)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        norm_cost = XLPy.CallUDF("normbook.udfs", "norm_cost", Array(appendix, component, prices, year, lab_class), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        norm_cost = XLPy.CallUDF("normbook.udfs", "norm_cost", Array(appendix, component, prices, year, lab_class))
        Exit Function
    #End If
failed:
    norm_cost = Err.Description
End Function

Function norm_data()
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        norm_data = XLPy.CallUDF("normbook.udfs", "norm_data", Array(), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        norm_data = XLPy.CallUDF("normbook.udfs", "norm_data", Array())
        Exit Function
    #End If
failed:
    norm_data = Err.Description
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

